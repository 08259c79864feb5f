import type { MqttClient, MqttPort } from "../../../firmware/ports/mqtt";

export type InboundFault = "deliver" | "drop" | "duplicate" | "delay";

/** An MQTT port whose inbound PUBLISHes pass a fault policy, and whose live link can be cut. */
export interface FaultyLink {
  wrap(port: MqttPort): MqttPort;
  /** Decide the fate of each inbound message (default: deliver). */
  policy: (topic: string, index: number) => InboundFault;
  /** Close the current connection as the network would (the agent reconnects). */
  cut(): void;
  readonly faults: Record<InboundFault, number>;
  /** Inbound messages seen so far, and delayed ones not yet handed on. */
  seen(): number;
  inFlight(): number;
  /** Payloads handed to the device, in the order it got them. */
  readonly delivered: string[];
}

export function createFaultyLink(delayMs = 200): FaultyLink {
  let client: MqttClient | undefined;
  let index = 0;
  let delayed = 0;
  const delivered: string[] = [];
  const hand = (events: { onMessage(topic: string, payload: Uint8Array): void }, topic: string, payload: Uint8Array): void => {
    delivered.push(new TextDecoder().decode(payload));
    events.onMessage(topic, payload);
  };
  const link: FaultyLink = {
    policy: () => "deliver",
    faults: { deliver: 0, drop: 0, duplicate: 0, delay: 0 },
    wrap(port) {
      return {
        maxQos: port.maxQos,
        connect(options, events) {
          const c = port.connect(options, {
            onConnect: (s) => events.onConnect(s),
            onClose: (r) => events.onClose(r),
            onMessage(topic, payload) {
              const fate = link.policy(topic, index++);
              link.faults[fate]++;
              if (fate === "drop") return;
              if (fate === "delay") {
                delayed++;
                setTimeout(() => {
                  delayed--;
                  hand(events, topic, payload);
                }, delayMs);
                return;
              }
              hand(events, topic, payload);
              if (fate === "duplicate") hand(events, topic, payload);
            },
          });
          client = c;
          return c;
        },
      };
    },
    delivered,
    seen: () => index,
    inFlight: () => delayed,
    cut() {
      client?.close();
    },
  };
  return link;
}

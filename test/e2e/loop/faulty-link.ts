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
}

export function createFaultyLink(delayMs = 200): FaultyLink {
  let client: MqttClient | undefined;
  let index = 0;
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
                setTimeout(() => events.onMessage(topic, payload), delayMs);
                return;
              }
              events.onMessage(topic, payload);
              if (fate === "duplicate") events.onMessage(topic, payload);
            },
          });
          client = c;
          return c;
        },
      };
    },
    cut() {
      client?.close();
    },
  };
  return link;
}

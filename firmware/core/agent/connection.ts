import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { LogPort } from "../../ports/log";
import type { MqttClient, MqttCloseReason, MqttPort } from "../../ports/mqtt";
import type { NodeCredentials } from "../claiming/credentials";
import type { Backoff } from "./backoff";

/** MQTT settings of a RainMaker node [spec 3.1]. */
export const ConnectionDefaults = Object.freeze({
  keepAliveS: 120,
  /** Consecutive certificate refusals (CONNACK 2/4/5 or a TLS failure) before giving up. */
  maxRefusals: 3,
});

/** Where the MQTT link stands; `refused` is final until the agent is restarted with other credentials. */
export type ConnectionStatus =
  | { state: "idle" }
  | { state: "connecting"; attempt: number }
  | { state: "connected"; sinceMs: number; connects: number }
  | { state: "waiting"; retryInMs: number; reason: string }
  | { state: "refused"; reason: string }
  | { state: "stopped" };

export interface ConnectionOptions {
  mqtt: MqttPort;
  clock: ClockPort;
  log: LogPort;
  credentials: NodeCredentials;
  backoff: Backoff;
  keepAliveS?: number;
  /** AWS partner string [spec 3.1]; omitted when undefined. */
  username?: string;
  maxRefusals?: number;
  /**
   * Ask the broker to keep the session between connections (CONNECT with clean session 0) when the
   * port really does QoS 1; a QoS-0-only port always uses a clean session. Default false [spec 3.1].
   */
  persistentSession?: boolean;
}

export interface ConnectionHandlers {
  /**
   * CONNACK accepted; `first` only on the first CONNACK of this boot [spec 3.3 step 3].
   * `sessionPresent`: the broker resumed the session of an earlier connection (never on a clean session).
   */
  onConnected(client: MqttClient, first: boolean, sessionPresent: boolean): void;
  onMessage(topic: string, payload: Uint8Array): void;
  onDisconnected?(reason: MqttCloseReason): void;
}

export interface Connection {
  start(): void;
  /** Close gracefully; no more reconnects. */
  stop(): void;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** The live client while connected. */
  client(): MqttClient | undefined;
  /**
   * New node credentials (a renewed certificate, same node id): the link closes and reconnects at
   * once with them; a `refused` link tries again. Ignored once stopped.
   */
  useCredentials(credentials: NodeCredentials): void;
}

/** CONNACK codes that mean "this identity is not accepted" [MQTT 3.1.1 3.2.2.3]. */
const IdentityRefusals: readonly number[] = Object.freeze([2, 4, 5]);

export function describeClose(reason: MqttCloseReason): string {
  switch (reason.type) {
    case "refused":
      return `CONNACK refused (return code ${reason.returnCode})`;
    case "tls":
      return `TLS failure: ${reason.message}`;
    case "network":
      return `network: ${reason.message}`;
    default:
      return "closed";
  }
}

/** One MQTT link over mutual TLS with the node certificate, client id = node id [spec 3.1], reconnecting with backoff. */
export function createConnection(options: ConnectionOptions, handlers: ConnectionHandlers): Connection {
  const { mqtt, clock, log, backoff } = options;
  let credentials = options.credentials;
  const maxRefusals = options.maxRefusals ?? ConnectionDefaults.maxRefusals;
  const listeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = { state: "idle" };
  let live: MqttClient | undefined;
  let current: MqttClient | undefined;
  let timer: TimerHandle | undefined;
  let refusals = 0;
  let connects = 0;
  let attempt = 0;
  // [MQTT 3.1.1 3.1.2.4] only a QoS 1 client can use what a persistent session keeps
  const cleanSession = !(options.persistentSession === true && mqtt.maxQos === 1);

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    for (const l of listeners) {
      try {
        l(next);
      } catch (error) {
        log.log("error", "mqtt", `status listener threw: ${String(error)}`);
      }
    }
  };

  const open = (): void => {
    timer = undefined;
    attempt++;
    setStatus({ state: "connecting", attempt });
    const tls = {
      ca: credentials.caCertificate ? [credentials.caCertificate] : [],
      certificates: [credentials.certificate, ...(credentials.chain ?? [])],
      key: credentials.privateKey,
    };
    let client: MqttClient | undefined;
    client = mqtt.connect(
      {
        host: credentials.mqttHost,
        port: credentials.mqttPort,
        clientId: credentials.nodeId,
        keepAliveS: options.keepAliveS ?? ConnectionDefaults.keepAliveS,
        cleanSession,
        tls,
        ...(options.username !== undefined ? { username: options.username } : {}),
      },
      {
        onConnect(reported) {
          if (current !== client || status.state === "stopped") return;
          refusals = 0;
          attempt = 0;
          backoff.reset();
          connects++;
          live = client;
          const sessionPresent = !cleanSession && reported;
          log.log("info", "mqtt", `connected to ${credentials.mqttHost}:${credentials.mqttPort} as ${credentials.nodeId}${cleanSession ? "" : sessionPresent ? " (session resumed)" : " (new session)"}`);
          setStatus({ state: "connected", sinceMs: clock.monotonic(), connects });
          try {
            handlers.onConnected(client!, connects === 1, sessionPresent);
          } catch (error) {
            log.log("error", "mqtt", `connect handler threw: ${String(error)}`);
          }
        },
        onMessage(topic, payload) {
          if (current !== client) return;
          try {
            handlers.onMessage(topic, payload);
          } catch (error) {
            log.log("error", "mqtt", `message handler threw on ${topic}: ${String(error)}`);
          }
        },
        onClose(reason) {
          if (current !== client) return;
          current = undefined;
          live = undefined;
          handlers.onDisconnected?.(reason);
          if (status.state === "stopped") return;
          closed(reason);
        },
      },
    );
    current = client;
  };

  const closed = (reason: MqttCloseReason): void => {
    const text = describeClose(reason);
    const identity = (reason.type === "refused" && IdentityRefusals.indexOf(reason.returnCode) >= 0) || reason.type === "tls";
    refusals = identity ? refusals + 1 : 0;
    if (identity && refusals >= maxRefusals) {
      log.log("error", "mqtt", `broker refused node ${credentials.nodeId} ${refusals} times (${text}); not retrying: check the node certificate and CA or claim again`);
      setStatus({ state: "refused", reason: text });
      return;
    }
    const delay = backoff.next();
    log.log(identity ? "error" : "warn", "mqtt", `disconnected (${text}); retry ${backoff.attempts()} in ${delay} ms`);
    setStatus({ state: "waiting", retryInMs: delay, reason: text });
    timer = clock.setTimeout(open, delay);
  };

  return {
    start() {
      if (status.state !== "idle") throw new Error(`connection already ${status.state}`);
      open();
    },
    stop() {
      const client = current;
      clock.clear(timer);
      timer = undefined;
      setStatus({ state: "stopped" });
      current = undefined;
      live = undefined;
      client?.close();
    },
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    client: () => live,
    useCredentials(next) {
      if (status.state === "stopped") return;
      if (next.nodeId !== credentials.nodeId) throw new Error(`credentials for node ${next.nodeId}, not ${credentials.nodeId}`);
      credentials = next;
      refusals = 0;
      backoff.reset();
      if (status.state === "idle") return;
      log.log("info", "mqtt", "new node credentials: reconnecting with them");
      const client = current;
      clock.clear(timer);
      current = undefined;
      live = undefined;
      if (client) {
        client.close();
        handlers.onDisconnected?.({ type: "closed" });
      }
      open();
    },
  };
}

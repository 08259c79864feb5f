import type {
  MqttClient,
  MqttCloseReason,
  MqttConnectOptions,
  MqttEvents,
  MqttPort,
  MqttQos,
} from "../../firmware/ports/mqtt";
import type { SocketBudget } from "./socket-budget";
import { subscribeFilters, topicMatches, topicProblem } from "./mqtt-topic";

/** A message as the fake broker saw it. */
export interface BrokerMessage {
  /** Publishing client id; `undefined` for messages injected by the test. */
  clientId: string | undefined;
  topic: string;
  payload: Uint8Array;
  qos: MqttQos;
  retain: boolean;
}

/** What the fake broker knows about a connected client. */
export interface BrokerClientInfo {
  clientId: string;
  username: string | undefined;
  keepAliveS: number;
  cleanSession: boolean;
  tls: boolean;
  subscriptions: { filter: string; qos: MqttQos }[];
}

/** Options for {@link createFakeBroker}. */
export interface FakeBrokerOptions {
  /** Address the broker "listens" on; connects elsewhere fail like a refused TCP connect. Default any. */
  host?: string;
  port?: number;
  /** Refuse connections that bring no client certificate, as a broker with `requestCert` would. */
  requireClientCert?: boolean;
}

/** Options for one device's {@link MqttPort} on the fake broker. */
export interface FakeMqttPortOptions {
  /** 0 mimics Moddable's legacy `mqtt` module (QoS 0 only). Default 1. */
  maxQos?: MqttQos;
  /** The device's TCP socket budget. */
  sockets?: SocketBudget;
}

/** An in-memory MQTT broker with a control surface; `port()` gives each device an {@link MqttPort}. */
export interface FakeBroker {
  port(options?: FakeMqttPortOptions): MqttPort;
  /** Connected clients. */
  clients(): BrokerClientInfo[];
  /** Every PUBLISH received from clients (and injections), oldest first. */
  published(): BrokerMessage[];
  /**
   * Publish as the broker/cloud; resolves with how many connected clients it was delivered to
   * (QoS 1 copies kept for persistent sessions whose client is away are not counted).
   */
  inject(topic: string, payload: Uint8Array, options?: { qos?: MqttQos; retain?: boolean }): Promise<number>;
  /** Watch messages matching `filter` (from clients or injected); returns an unsubscribe function. */
  observe(filter: string, listener: (message: BrokerMessage) => void): () => void;
  /** Cut a client's connection (as a network failure): it gets `onClose` `network`, its will is published. */
  drop(clientId: string): boolean;
  /** Answer the next CONNECT with this CONNACK return code (e.g. 5 not authorized). */
  refuseNextConnect(returnCode: number): void;
  /** Drop every client. */
  dropAll(): void;
  /**
   * Restart the broker: every client is dropped (no will), and the persistent sessions and retained
   * messages are lost, as with a broker keeping them in memory.
   */
  restart(): void;
}

/** Messages kept for one persistent session while its client is away (a real broker bounds this too). */
const MaxQueuedMessages = 100;

interface Session {
  info: BrokerClientInfo;
  options: MqttConnectOptions;
  /** Hand on a message at `qos` (the lower of the message's and the subscription's). */
  deliver(message: BrokerMessage, qos: MqttQos): void;
  terminate(reason: MqttCloseReason, publishWill: boolean): void;
}

/** What the broker keeps for a `cleanSession: false` client between connections [MQTT 3.1.1 3.1.2.4]. */
interface StoredSession {
  subscriptions: { filter: string; qos: MqttQos }[];
  /** QoS 1 messages that arrived while the client was away, oldest first. */
  queue: BrokerMessage[];
}

const defer = (fn: () => void): void => {
  Promise.resolve().then(fn);
};

function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes) as Uint8Array;
}

/** In-memory MQTT 3.1.1 broker; free of host APIs so it also runs on XS. */
export function createFakeBroker(options: FakeBrokerOptions = {}): FakeBroker {
  const sessions = new Map<string, Session>();
  const stored = new Map<string, StoredSession>();
  const log: BrokerMessage[] = [];
  const retained = new Map<string, BrokerMessage>();
  const observers = new Set<{ filter: string; listener: (m: BrokerMessage) => void }>();
  let refuseCode: number | undefined;

  /** The QoS a message goes out at on these subscriptions, or undefined when none matches. */
  const grantedFor = (subscriptions: { filter: string; qos: MqttQos }[], message: BrokerMessage): MqttQos | undefined => {
    let qos: MqttQos | undefined;
    for (const sub of subscriptions) {
      if (topicMatches(sub.filter, message.topic) && (qos === undefined || sub.qos > qos)) qos = sub.qos;
    }
    return qos === undefined ? undefined : (Math.min(qos, message.qos) as MqttQos);
  };

  const enqueue = (session: StoredSession, message: BrokerMessage): void => {
    session.queue.push({ ...message, payload: copy(message.payload), qos: 1 });
    if (session.queue.length > MaxQueuedMessages) session.queue.shift();
  };

  const route = (message: BrokerMessage): number => {
    log.push({ ...message, payload: copy(message.payload) });
    if (message.retain) {
      if (message.payload.length === 0) retained.delete(message.topic);
      else retained.set(message.topic, { ...message, payload: copy(message.payload) });
    }
    for (const o of observers) if (topicMatches(o.filter, message.topic)) o.listener({ ...message, payload: copy(message.payload) });
    let delivered = 0;
    for (const session of sessions.values()) {
      const qos = grantedFor(session.info.subscriptions, message);
      if (qos === undefined) continue;
      session.deliver(message, qos);
      delivered++;
    }
    // [MQTT 3.1.1 3.1.2.4] QoS 1 messages for a persistent session whose client is away are kept
    for (const [clientId, session] of stored) {
      if (!sessions.has(clientId) && grantedFor(session.subscriptions, message) === 1) enqueue(session, message);
    }
    return delivered;
  };

  const port = (portOptions: FakeMqttPortOptions = {}): MqttPort => {
    const maxQos: MqttQos = portOptions.maxQos ?? 1;
    return {
      maxQos,
      connect(connectOptions: MqttConnectOptions, events: MqttEvents): MqttClient {
        let state: "connecting" | "connected" | "closed" = "connecting";
        let release: (() => void) | undefined;
        const pending = new Set<(error: Error) => void>();
        const subscriptions: { filter: string; qos: MqttQos }[] = [];
        const info: BrokerClientInfo = {
          clientId: connectOptions.clientId,
          username: connectOptions.username,
          keepAliveS: connectOptions.keepAliveS,
          cleanSession: connectOptions.cleanSession ?? true,
          tls: connectOptions.tls !== undefined,
          subscriptions,
        };

        const finish = (reason: MqttCloseReason, publishWill: boolean): void => {
          if (state === "closed") return;
          const wasConnected = state === "connected";
          state = "closed";
          release?.();
          if (sessions.get(info.clientId) === session) sessions.delete(info.clientId);
          const error = new Error(`connection closed (${reason.type})`);
          for (const reject of pending) reject(error);
          pending.clear();
          if (wasConnected && publishWill && connectOptions.will) {
            const will = connectOptions.will;
            route({ clientId: info.clientId, topic: will.topic, payload: copy(will.payload), qos: will.qos, retain: will.retain });
          }
          defer(() => events.onClose(reason));
        };

        const session: Session = {
          info,
          options: connectOptions,
          deliver(message, qos) {
            const payload = copy(message.payload);
            defer(() => {
              if (state === "connected") {
                events.onMessage(message.topic, payload);
                return;
              }
              // still in flight when the link went: a persistent session keeps it for the next connection
              const kept = stored.get(info.clientId);
              if (qos === 1 && kept?.subscriptions === subscriptions && !sessions.has(info.clientId)) enqueue(kept, { ...message, payload });
            });
          },
          terminate: finish,
        };

        const track = <T>(work: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> =>
          new Promise<T>((resolve, reject) => {
            if (state !== "connected") {
              reject(new Error("MQTT client is not connected"));
              return;
            }
            pending.add(reject);
            work(
              (v) => {
                pending.delete(reject);
                resolve(v);
              },
              (e) => {
                pending.delete(reject);
                reject(e);
              },
            );
          });

        try {
          release = portOptions.sockets?.acquire(`MQTT ${connectOptions.host}:${connectOptions.port}`);
        } catch (error) {
          state = "closed";
          defer(() => events.onClose({ type: "network", message: (error as Error).message }));
        }

        if (state === "connecting") {
          defer(() => {
            if (state !== "connecting") return;
            if ((options.host !== undefined && connectOptions.host !== options.host) || (options.port !== undefined && connectOptions.port !== options.port)) {
              finish({ type: "network", message: `connect ECONNREFUSED ${connectOptions.host}:${connectOptions.port}` }, false);
              return;
            }
            if (options.requireClientCert && !(connectOptions.tls && connectOptions.tls.certificates.length > 0)) {
              finish({ type: "tls", message: "peer did not return a certificate" }, false);
              return;
            }
            if (refuseCode !== undefined) {
              const returnCode = refuseCode;
              refuseCode = undefined;
              finish({ type: "refused", returnCode }, false);
              return;
            }
            // [MQTT 3.1.1 3.1.4] a second connection with the same client id takes the session over
            sessions.get(info.clientId)?.terminate({ type: "network", message: "session taken over by a new connection" }, true);
            // [MQTT 3.1.1 3.1.2.4] a clean session discards what was kept; otherwise the session resumes
            const kept = stored.get(info.clientId);
            stored.delete(info.clientId);
            const present = !info.cleanSession && kept !== undefined;
            if (!info.cleanSession) {
              if (kept) subscriptions.push(...kept.subscriptions);
              stored.set(info.clientId, { subscriptions, queue: [] });
            }
            sessions.set(info.clientId, session);
            state = "connected";
            events.onConnect(present);
            if (present) for (const message of kept.queue) session.deliver(message, 1);
          });
        }

        return {
          publish(topic, payload, publishOptions = {}) {
            return track<void>((resolve, reject) => {
              const problem = topicProblem(topic);
              if (problem) return reject(new Error(problem));
              const qos = Math.min(publishOptions.qos ?? 0, maxQos) as MqttQos;
              route({ clientId: info.clientId, topic, payload: copy(payload), qos, retain: publishOptions.retain ?? false });
              defer(() => resolve());
            });
          },
          subscribe(filters, qos = 0) {
            return track<void>((resolve, reject) => {
              const checked = subscribeFilters(filters, (filter) => subscriptions.some((s) => s.filter === filter), subscriptions.length);
              if ("problem" in checked) return reject(new Error(checked.problem));
              const list = checked.filters;
              const granted = Math.min(qos, maxQos) as MqttQos;
              for (const filter of list) {
                const existing = subscriptions.find((s) => s.filter === filter);
                if (existing) existing.qos = granted;
                else subscriptions.push({ filter, qos: granted });
                for (const message of retained.values()) {
                  if (topicMatches(filter, message.topic)) session.deliver(message, Math.min(message.qos, granted) as MqttQos);
                }
              }
              defer(() => resolve());
            });
          },
          close() {
            finish({ type: "closed" }, false);
          },
        };
      },
    };
  };

  return {
    port,
    clients: () => [...sessions.values()].map((s) => ({ ...s.info, subscriptions: s.info.subscriptions.map((x) => ({ ...x })) })),
    published: () => log.map((m) => ({ ...m, payload: copy(m.payload) })),
    inject(topic, payload, injectOptions = {}) {
      const problem = topicProblem(topic);
      if (problem) return Promise.reject(new Error(problem));
      const count = route({ clientId: undefined, topic, payload: copy(payload), qos: injectOptions.qos ?? 1, retain: injectOptions.retain ?? false });
      return Promise.resolve(count);
    },
    observe(filter, listener) {
      const entry = { filter, listener };
      observers.add(entry);
      return () => observers.delete(entry);
    },
    drop(clientId) {
      const session = sessions.get(clientId);
      if (!session) return false;
      session.terminate({ type: "network", message: "connection reset by broker" }, true);
      return true;
    },
    refuseNextConnect(returnCode) {
      if (!Number.isInteger(returnCode) || returnCode < 1 || returnCode > 255) throw new RangeError(`CONNACK refusal code must be 1..255, got ${returnCode}`);
      refuseCode = returnCode;
    },
    dropAll() {
      for (const id of [...sessions.keys()]) this.drop(id);
    },
    restart() {
      for (const session of [...sessions.values()]) session.terminate({ type: "network", message: "broker restarted" }, false);
      stored.clear();
      retained.clear();
    },
  };
}

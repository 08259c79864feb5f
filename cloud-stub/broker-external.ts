/**
 * External broker mode: the stub's rules attach to an existing MQTT broker (Mosquitto; AWS IoT / EMQX
 * speak the same topics) as a privileged mTLS client instead of running aedes. The broker enforces
 * identity and ACL (see `mosquitto-config.ts`); this client only listens and publishes.
 *
 * Connectivity is limited: Mosquitto publishes no per-client connect/disconnect events. A node is
 * reported connected when a message from it arrives after it was offline, and disconnected when its
 * last will `{"Connectivity":{"Connected":false}}` arrives [spec 3.1 LWT, 3.4]. Nodes without the
 * Connectivity service are never reported offline in this mode.
 */
import { connect } from "mqtt";
import type { MqttClient } from "mqtt";
import type { CloudBus } from "./bus";
import type { CloudLog } from "./deps";
import type { BrokerSink } from "./broker";
import { TopicDirection, TopicSuffix, parseTopic } from "../firmware/protocol/rainmaker/topics";
import { PkiNames } from "./pki/pki-constants";

/** Device-to-cloud topic filters the stub subscribes to [spec 3.2]. */
export const ExternalBrokerFilters = Object.freeze(["node/+/#", "$aws/rules/+/node/+/#"]);

export interface ExternalBrokerOptions {
  /** `mqtts://host:port`. */
  url: string;
  caPem: string;
  /** The stub's service client certificate and key (CN = the service name the broker's ACL trusts). */
  certPem: string;
  keyPem: string;
  sink: BrokerSink;
  log: CloudLog;
  now?: () => number;
  clientId?: string;
  connectTimeoutMs?: number;
}

export interface ExternalBrokerLink extends CloudBus {
  readonly url: string;
  /** Nodes seen online (see the connectivity limits above). */
  connectedNodes(): string[];
  close(): Promise<void>;
}

function isOfflineWill(payload: Uint8Array): boolean {
  try {
    const doc = JSON.parse(Buffer.from(payload).toString("utf8")) as { Connectivity?: { Connected?: unknown } };
    return doc?.Connectivity?.Connected === false;
  } catch {
    return false;
  }
}

/** Connects, subscribes to the device topics and resolves once the subscriptions are granted. */
export async function attachExternalBroker(options: ExternalBrokerOptions): Promise<ExternalBrokerLink> {
  const { log, sink } = options;
  const now = options.now ?? Date.now;
  const online = new Set<string>();
  const client: MqttClient = connect(options.url, {
    clientId: options.clientId ?? PkiNames.serviceCn,
    ca: options.caPem,
    cert: options.certPem,
    key: options.keyPem,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    rejectUnauthorized: true,
  });
  // Messages are handled one at a time, in arrival order, like the embedded broker does per node.
  let queue: Promise<void> = Promise.resolve();
  client.on("message", (topic, payload) => {
    queue = queue.then(() => handle(topic, new Uint8Array(payload)));
  });
  async function handle(topic: string, payload: Uint8Array): Promise<void> {
    const parsed = parseTopic(topic);
    if (!parsed.ok) {
      log.warn(`external broker: ignored ${topic}: ${parsed.error}`);
      return;
    }
    if (parsed.direction !== TopicDirection.NodeToCloud) return;
    const nodeId = parsed.nodeId;
    const offline = parsed.suffix === TopicSuffix.ParamsLocal && !parsed.rule && isOfflineWill(payload);
    if (!offline && !online.has(nodeId)) {
      online.add(nodeId);
      log.info(`node ${nodeId} connected (seen on external broker)`);
      sink.onConnectivity({ nodeId, connected: true, at: now() });
    }
    try {
      await sink.onMqttMessage({ topic, payload, nodeId });
    } catch (error) {
      log.error("rule failed", { nodeId, topic, error: String(error) });
    }
    if (offline && online.delete(nodeId)) {
      log.info(`node ${nodeId} disconnected (last will)`);
      sink.onConnectivity({ nodeId, connected: false, at: now() });
    }
  }
  // Subscriptions are renewed on every (re)connect (clean session); the first grant resolves the attach.
  await new Promise<void>((resolve, reject) => {
    let attached = false;
    const timer = setTimeout(() => fail(new Error("no CONNACK/SUBACK in time")), options.connectTimeoutMs ?? 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (attached) return;
      attached = true;
      client.end(true);
      reject(new Error(`cannot attach to ${options.url}: ${error.message}`));
    };
    client.once("error", fail);
    client.on("error", (error) => log.warn(`external broker: ${error.message}`));
    client.on("reconnect", () => log.info(`external broker: reconnecting to ${options.url}`));
    client.on("connect", () => {
      client.subscribe([...ExternalBrokerFilters], { qos: 1 }, (error, granted) => {
        const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
        const problem = error ?? (refused.length > 0 ? new Error(`broker refused subscriptions ${refused.join(", ")} (check its ACL)`) : null);
        if (!attached && problem) return fail(problem);
        if (problem) return log.error(`external broker: ${problem.message}`);
        if (!attached) {
          attached = true;
          clearTimeout(timer);
          client.off("error", fail);
          log.info(`attached to external broker ${options.url}`);
          resolve();
        }
      });
    });
  });

  return {
    url: options.url,
    connectedNodes: () => [...online].sort(),
    async publish(topic, payload) {
      await client.publishAsync(topic, Buffer.from(payload), { qos: 1, retain: false });
    },
    async close() {
      await client.endAsync();
      await queue;
    },
  };
}

import type { ClockPort } from "../../ports/clock";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import type { MqttClient } from "../../ports/mqtt";
import { utf8Decode, utf8Encode } from "../../protocol/bytes";
import type { NodeDescription, ParamsDocument } from "../../protocol/rainmaker/description";
import { encodeNodeConfig } from "../../protocol/rainmaker/node-config";
import { decodeRemoteSet, encodeDeltaReport } from "../../protocol/rainmaker/params";
import { nodeTopic, publishTopic, TopicSuffix } from "../../protocol/rainmaker/topics";
import type { TopicSuffixString } from "../../protocol/rainmaker/topics";
import type { NodeRuntime } from "../runtime/node-runtime";
import { publishOwedMappings } from "./user-mapping";

export interface ParamsSyncOptions {
  runtime: NodeRuntime;
  description: NodeDescription;
  kv: KvPort;
  log: LogPort;
  /** `$aws/rules/...` publish topics (SDK default true) [spec 3.2]. */
  basicIngest?: boolean;
  clock: ClockPort;
  /** A start-up publish or subscribe not acknowledged within this long stalls the link (default 30 000 ms). */
  ackTimeoutMs?: number;
  /** Called when the start-up sequence stalled; the agent drops the link so it reconnects and starts over. */
  onStall?(client: MqttClient): void;
}

/** Counters for the message-cost figures and tests. */
export interface ParamsSyncStats {
  configs: number;
  initReports: number;
  deltaReports: number;
  echoes: number;
  remoteSets: number;
}

export interface ParamsSync {
  /** Run the start-up sequence on a fresh CONNACK [spec 3.3]. */
  onConnected(client: MqttClient, firstOfBoot: boolean): Promise<void>;
  onMessage(topic: string, payload: Uint8Array): void;
  onDisconnected(): void;
  /** True once `params/local/init` went out on the current connection. */
  synced(): boolean;
  stats(): ParamsSyncStats;
  stop(): void;
}

/**
 * Params over MQTT [spec 3.3]: `config` once per boot (at its first PUBACK), owed `user/mapping`,
 * subscribe `params/remote`, then the full report on `params/local/init`. Unlike the SDK (which does
 * not republish after a reconnect, spec 3.3 step 6) the full report goes out after EVERY connect, so
 * a change made offline or a delta lost with the link still reaches the shadow. Deltas and echoes go
 * on `params/local` at QoS 1; one echo per device of a remote set [spec 2.2 step 5].
 */
export function createParamsSync(options: ParamsSyncOptions): ParamsSync {
  const { runtime, kv, log, clock, onStall } = options;
  // kept only until the config is acknowledged: the params path never needs the full description
  let description: NodeDescription | undefined = options.description;
  const nodeId = description.nodeId;
  const basicIngest = options.basicIngest ?? true;
  // the runtime's shared, frozen param descriptions: no second copy of the model on the XS heap
  const schema = runtime.paramsSchema();
  const remoteTopic = nodeTopic(nodeId, TopicSuffix.ParamsRemote);
  const stats: ParamsSyncStats = { configs: 0, initReports: 0, deltaReports: 0, echoes: 0, remoteSets: 0 };
  let configSent = false;
  let client: MqttClient | undefined;
  let ready = false;

  const publish = (c: MqttClient, suffix: TopicSuffixString, text: string): Promise<void> =>
    c.publish(publishTopic(nodeId, suffix, basicIngest), utf8Encode(text), { qos: 1 });
  const ackTimeoutMs = options.ackTimeoutMs ?? 30_000;

  /** The start-up steps wait for their PUBACK/SUBACK, but never forever. */
  const acked = <T>(c: MqttClient, what: string, work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        reject(new Error(`${what} not acknowledged within ${ackTimeoutMs} ms`));
        if (client === c) onStall?.(c);
      }, ackTimeoutMs);
      work.then(
        (v) => {
          clock.clear(timer);
          resolve(v);
        },
        (e: unknown) => {
          clock.clear(timer);
          reject(e);
        },
      );
    });

  const sendDelta = (doc: ParamsDocument, kind: "deltaReports" | "echoes"): void => {
    const c = client;
    // MQTT keeps order per client: a delta sent before the init report is superseded by it
    if (!c) return;
    const text = encodeDeltaReport(schema, doc);
    if (text === null) return;
    stats[kind]++;
    publish(c, TopicSuffix.ParamsLocal, text).catch((error: unknown) => {
      // the full report after the next connect carries the value [see module doc]
      log.log("warn", "params", `params/local not acknowledged (${error instanceof Error ? error.message : String(error)})`);
    });
  };

  const offDelta = runtime.onDelta((delta) => sendDelta(delta, "deltaReports"));

  return {
    async onConnected(c, _firstOfBoot) {
      client = c;
      ready = false;
      try {
        if (!configSent && description) {
          stats.configs++;
          await acked(c, "config", publish(c, TopicSuffix.Config, encodeNodeConfig(description)));
          configSent = true;
          description = undefined;
          log.log("info", "params", "node config published");
        }
        if (client !== c) return;
        if (!(await publishOwedMappings(c, kv, log, nodeId, basicIngest, (what, work) => acked(c, what, work)))) return;
        if (client !== c) return;
        await acked(c, "params/remote subscription", c.subscribe(remoteTopic, 1));
        runtime.takeDelta();
        stats.initReports++;
        await acked(c, "params/local/init", publish(c, TopicSuffix.ParamsLocalInit, runtime.fullReportText()));
        if (client !== c) return;
        ready = true;
        log.log("info", "params", "params reported; listening for remote sets");
      } catch (error) {
        if (client === c) log.log("warn", "params", `start-up sequence interrupted: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    onMessage(topic, payload) {
      if (topic !== remoteTopic) {
        log.log("warn", "params", `message on unexpected topic ${topic} ignored`);
        return;
      }
      stats.remoteSets++;
      const set = decodeRemoteSet(utf8Decode(payload), schema);
      const result = runtime.apply(set, "cloud");
      for (const device of Object.keys(result.echo)) {
        const values = result.echo[device]!;
        log.log("info", "params", `applied ${device} ${Object.keys(values).map((k) => `${k}=${JSON.stringify(values[k])}`).join(" ")} (cloud)`);
        sendDelta({ [device]: values }, "echoes");
      }
    },
    onDisconnected() {
      client = undefined;
      ready = false;
    },
    synced: () => ready,
    stats: () => ({ ...stats }),
    stop() {
      offDelta();
      client = undefined;
      ready = false;
    },
  };
}

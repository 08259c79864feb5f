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
import { createBrokerSession } from "./broker-session";
import type { BrokerSession } from "./broker-session";
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
  /** The node's MQTT session, shared with the other subscribers (default: one of its own). */
  session?: BrokerSession;
  /**
   * Filters other parts of the agent will need (e.g. `otaurl`), subscribed in the same SUBSCRIBE
   * as `params/remote`: one packet, one billed message, per new session.
   */
  alsoSubscribe?: readonly string[];
}

/** Counters for the message-cost figures and tests. */
export interface ParamsSyncStats {
  configs: number;
  initReports: number;
  /** Reports of the params left unacknowledged across a resumed session (instead of a full report). */
  catchUpReports: number;
  deltaReports: number;
  echoes: number;
  remoteSets: number;
}

export interface ParamsSync {
  /**
   * Run the start-up sequence on a fresh CONNACK [spec 3.3]; `sessionPresent` as the connection
   * reported it (a resumed persistent session).
   */
  onConnected(client: MqttClient, firstOfBoot: boolean, sessionPresent?: boolean): Promise<void>;
  onMessage(topic: string, payload: Uint8Array): void;
  onDisconnected(): void;
  /** True once the current connection's params report (full, or the owed params on a resumed session) was acknowledged. */
  synced(): boolean;
  stats(): ParamsSyncStats;
  stop(): void;
}

/**
 * Params over MQTT [spec 3.3]: `config` once per boot (at its first PUBACK), owed `user/mapping`,
 * subscribe `params/remote` (in one SUBSCRIBE with `alsoSubscribe`), then the full report on `params/local/init`. Deltas and echoes go on
 * `params/local` at QoS 1; one echo per device of a remote set [spec 2.2 step 5].
 * Every param reported stays owed until the PUBACK of a report carrying its latest value, so nothing
 * changed offline or lost with the link is forgotten. After a reconnect (unlike the SDK, which
 * republishes nothing, spec 3.3 step 6): on a new session, subscribe again and send the full report;
 * on a resumed persistent session (which still holds `params/remote` and queued remote sets), only
 * the owed params go out, as one delta on `params/local`, or nothing when all were acknowledged.
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
  const subscriptions = [remoteTopic, ...(options.alsoSubscribe ?? [])];
  const stats: ParamsSyncStats = { configs: 0, initReports: 0, catchUpReports: 0, deltaReports: 0, echoes: 0, remoteSets: 0 };
  const session = options.session ?? createBrokerSession();
  /** device -> param -> number of the latest report carrying it, until that report's PUBACK. */
  const owed = new Map<string, Map<string, number>>();
  let reportNumber = 0;
  /** A full report was acknowledged in this boot: the shadow has everything not owed. */
  let baseline = false;
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

  const owe = (doc: ParamsDocument, n: number): void => {
    for (const device of Object.keys(doc)) {
      let params = owed.get(device);
      if (!params) owed.set(device, (params = new Map()));
      for (const param of Object.keys(doc[device]!)) params.set(param, n);
    }
  };

  /** A report's PUBACK: settle what it carried unless a later report carries a newer value. */
  const settle = (doc: ParamsDocument, n: number): void => {
    for (const device of Object.keys(doc)) {
      const params = owed.get(device);
      if (!params) continue;
      for (const param of Object.keys(doc[device]!)) if (params.get(param) === n) params.delete(param);
      if (params.size === 0) owed.delete(device);
    }
  };

  /** The full report's PUBACK settles every param reported up to it. */
  const settleUpTo = (n: number): void => {
    for (const [device, params] of owed) {
      for (const [param, m] of params) if (m <= n) params.delete(param);
      if (params.size === 0) owed.delete(device);
    }
  };

  const notAcked = (error: unknown): void => {
    // the param stays owed: the next connection reports it [see module doc]
    log.log("warn", "params", `params/local not acknowledged (${error instanceof Error ? error.message : String(error)})`);
  };

  const sendDelta = (doc: ParamsDocument, kind: "deltaReports" | "echoes"): void => {
    const n = ++reportNumber;
    owe(doc, n);
    const c = client;
    // MQTT keeps order per client: a delta sent before the init report is superseded by it
    if (!c) return;
    const text = encodeDeltaReport(schema, doc);
    if (text === null) return;
    stats[kind]++;
    publish(c, TopicSuffix.ParamsLocal, text).then(() => settle(doc, n), notAcked);
  };

  /**
   * The current values of the owed params not already in flight on this connection (numbered after
   * `since`), renumbered as report `n`; undefined when none is owed.
   */
  const owedReport = (n: number, since: number): ParamsDocument | undefined => {
    let doc: ParamsDocument | undefined;
    for (const [device, params] of owed) {
      for (const [param, m] of params) {
        if (m > since) continue;
        const value = runtime.get(device, param);
        if (value === undefined) {
          params.delete(param);
          continue;
        }
        params.set(param, n);
        ((doc ??= {})[device] ??= {})[param] = value;
      }
    }
    return doc;
  };

  const offDelta = runtime.onDelta((delta) => sendDelta(delta, "deltaReports"));

  return {
    async onConnected(c, _firstOfBoot, sessionPresent = false) {
      client = c;
      ready = false;
      session.connected(sessionPresent);
      // reports numbered after this went out on this connection (echoes of queued remote sets)
      const since = ++reportNumber;
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
        await session.subscribe(c, subscriptions, 1, (work) => acked(c, "params/remote subscription", work));
        if (client !== c) return;
        const pending = runtime.takeDelta();
        if (pending) owe(pending, since);
        const n = ++reportNumber;
        const resumed = session.resumed() && baseline;
        if (resumed) {
          const doc = owedReport(n, since);
          const text = doc ? encodeDeltaReport(schema, doc) : null;
          if (doc && text !== null) {
            stats.catchUpReports++;
            await acked(c, "params/local", publish(c, TopicSuffix.ParamsLocal, text));
            settle(doc, n);
          }
        } else {
          stats.initReports++;
          await acked(c, "params/local/init", publish(c, TopicSuffix.ParamsLocalInit, runtime.fullReportText()));
          settleUpTo(n);
          baseline = true;
        }
        if (client !== c) return;
        ready = true;
        log.log("info", "params", resumed ? "session resumed: params/remote still subscribed, owed params reported" : "params reported; listening for remote sets");
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

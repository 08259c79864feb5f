/**
 * `alert` [spec 2.3], `tsdata` and `simple_tsdata` [spec 2.4]: JSON objects kept as the newest
 * `recordsKeptPerNode` records per node and kind.
 */
import type { MqttRule, RuleMessage } from "./rule";
import type { AppDeps } from "../../deps";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeJsonPayload, isPlainObject } from "./payload";
import type { NodeRecordEntry } from "../../store/store";

function keep(kind: NodeRecordEntry["kind"], check: (v: Record<string, unknown>) => boolean) {
  return (msg: RuleMessage, deps: AppDeps): void => {
    const parsed = decodeJsonPayload(msg.payload);
    if (!parsed.ok || !isPlainObject(parsed.value) || !check(parsed.value)) {
      deps.log.warn(`mqtt ${kind}: malformed, dropped`, { nodeId: msg.nodeId, error: parsed.ok ? "unexpected shape" : parsed.error });
      return;
    }
    const data = JSON.parse(JSON.stringify(parsed.value)) as unknown;
    deps.store.appendNodeRecords([{ nodeId: msg.nodeId, kind, data, at: deps.clock.now() }], deps.config.recordsKeptPerNode);
  };
}

export const AlertRule: MqttRule = { suffix: TopicSuffix.Alert, handle: keep("alert", () => true) };

export const TsDataRule: MqttRule = {
  suffix: TopicSuffix.TsData,
  handle: keep("tsdata", (v) => Array.isArray(v.ts_data)),
};

export const SimpleTsDataRule: MqttRule = {
  suffix: TopicSuffix.SimpleTsData,
  handle: keep("simple_tsdata", (v) => typeof v.name === "string" && "v" in v),
};

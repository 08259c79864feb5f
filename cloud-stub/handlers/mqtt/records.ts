/**
 * `alert` [spec 2.3], `tsdata` and `simple_tsdata` [spec 2.4], validated with the protocol's decoders and
 * kept (as sent) as the newest `recordsKeptPerNode` records per node and kind.
 */
import type { MqttRule, RuleMessage } from "./rule";
import type { AppDeps } from "../../deps";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeAlert } from "../../../firmware/protocol/rainmaker/alert";
import { decodeSimpleTsData, decodeTsData } from "../../../firmware/protocol/rainmaker/tsdata";
import type { Decoded } from "../../../firmware/protocol/rainmaker/json-fields";
import { utf8Decode } from "../../../firmware/protocol/bytes";
import type { NodeRecordEntry } from "../../store/store";

function keep(kind: NodeRecordEntry["kind"], decode: (text: string) => Decoded<unknown>) {
  return (msg: RuleMessage, deps: AppDeps): void => {
    const text = utf8Decode(msg.payload);
    const decoded = decode(text);
    if (!decoded.ok) {
      deps.log.warn(`mqtt ${kind}: malformed, dropped`, { nodeId: msg.nodeId, error: decoded.error });
      return;
    }
    deps.store.appendNodeRecords([{ nodeId: msg.nodeId, kind, data: JSON.parse(text) as unknown, at: deps.clock.now() }], deps.config.recordsKeptPerNode);
  };
}

export const AlertRule: MqttRule = { suffix: TopicSuffix.Alert, handle: keep("alert", decodeAlert) };
export const TsDataRule: MqttRule = { suffix: TopicSuffix.TsData, handle: keep("tsdata", decodeTsData) };
export const SimpleTsDataRule: MqttRule = { suffix: TopicSuffix.SimpleTsData, handle: keep("simple_tsdata", decodeSimpleTsData) };

/**
 * Shared body of the record-keeping rules (`alert`, `tsdata`, `simple_tsdata`): validate with the
 * protocol decoder, then keep the message as sent among the newest `recordsKeptPerNode` of its kind.
 */
import type { RuleMessage } from "./rule";
import type { AppDeps } from "../../deps";
import type { Decoded } from "../../../firmware/protocol/rainmaker/json-fields";
import { utf8Decode } from "../../../firmware/protocol/bytes";
import type { NodeRecordEntry } from "../../store/store";

export function keepRecords(kind: NodeRecordEntry["kind"], decode: (text: string) => Decoded<unknown>) {
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

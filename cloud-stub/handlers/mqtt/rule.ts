/** Shape of one MQTT rule in the routes table: handles device publishes on one topic suffix [spec 3.2]. */
import type { AppDeps } from "../../deps";
import type { TopicSuffixString } from "../../../firmware/protocol/rainmaker/topics";

export interface RuleMessage {
  /** Node id of the authenticated client (equal to the topic's node id; the dispatcher checks). */
  nodeId: string;
  suffix: TopicSuffixString;
  /** Group id of `params/local/<group_id>` style topics. */
  groupId?: string;
  payload: Uint8Array;
}

export interface MqttRule {
  /** Suffix handled, in plain, basic-ingest and (where allowed) group form. */
  suffix: TopicSuffixString;
  handle(msg: RuleMessage, deps: AppDeps): Promise<void> | void;
}

/** `node/<id>/params/local[/<group_id>]`: a delta report merged into the shadow [spec 2.1, 3.2]. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeParamsDocument } from "./params-document";

export const ParamsLocalRule: MqttRule = {
  suffix: TopicSuffix.ParamsLocal,
  handle(msg, deps) {
    const doc = decodeParamsDocument(msg.payload);
    if (!doc.ok) {
      deps.log.warn("mqtt params/local: dropped", { nodeId: msg.nodeId, groupId: msg.groupId, error: doc.error });
      return;
    }
    deps.store.mergeParams(msg.nodeId, doc.value, deps.clock.now());
  },
};

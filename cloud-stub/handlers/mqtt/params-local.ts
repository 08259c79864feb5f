/** `node/<id>/params/local[/<group_id>]`: a delta report merged into the shadow [spec 2.1, 3.2]. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeNodeParams } from "./params-document";

export const ParamsLocalRule: MqttRule = {
  suffix: TopicSuffix.ParamsLocal,
  handle(msg, deps) {
    const doc = decodeNodeParams(msg.payload, deps.nodeSchemas.of(deps.store.getNode(msg.nodeId)));
    if (!doc.ok) {
      deps.log.warn("mqtt params/local: dropped", { nodeId: msg.nodeId, groupId: msg.groupId, error: doc.error });
      return;
    }
    if (doc.rejected.length > 0) deps.log.warn("mqtt params/local: entries rejected", { nodeId: msg.nodeId, rejected: doc.rejected });
    if (Object.keys(doc.value).length > 0) deps.store.mergeParams(msg.nodeId, doc.value, deps.clock.now());
  },
};

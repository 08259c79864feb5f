/** `node/<id>/params/local/init`: the full params report replaces the shadow [spec 2.1, 3.3]. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeNodeParams } from "./params-document";

export const ParamsLocalInitRule: MqttRule = {
  suffix: TopicSuffix.ParamsLocalInit,
  handle(msg, deps) {
    const doc = decodeNodeParams(msg.payload, deps.nodeSchemas.of(deps.store.getNode(msg.nodeId)));
    if (!doc.ok) {
      deps.log.warn("mqtt params/local/init: dropped", { nodeId: msg.nodeId, error: doc.error });
      return;
    }
    if (doc.rejected.length > 0) deps.log.warn("mqtt params/local/init: entries rejected", { nodeId: msg.nodeId, rejected: doc.rejected });
    deps.store.replaceParams(msg.nodeId, doc.value, deps.clock.now());
  },
};

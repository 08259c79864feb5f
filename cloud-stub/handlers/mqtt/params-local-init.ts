/** `node/<id>/params/local/init`: the full params report replaces the shadow [spec 2.1, 3.3]. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeParamsDocument } from "./params-document";

export const ParamsLocalInitRule: MqttRule = {
  suffix: TopicSuffix.ParamsLocalInit,
  handle(msg, deps) {
    const doc = decodeParamsDocument(msg.payload);
    if (!doc.ok) {
      deps.log.warn("mqtt params/local/init: dropped", { nodeId: msg.nodeId, error: doc.error });
      return;
    }
    deps.store.replaceParams(msg.nodeId, doc.value, deps.clock.now());
  },
};

/**
 * `node/<id>/config`: the node config JSON [spec 1, 3.3], validated with the protocol's
 * `decodeNodeConfig`; stored verbatim with its `config_version`. A config naming another node is refused.
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeNodeConfig } from "../../../firmware/protocol/rainmaker/node-config";
import { readJson } from "../../../firmware/protocol/rainmaker/json-reader";
import { utf8Decode } from "../../../firmware/protocol/bytes";

export const ConfigRule: MqttRule = {
  suffix: TopicSuffix.Config,
  handle(msg, deps) {
    const text = utf8Decode(msg.payload);
    const decoded = decodeNodeConfig(text);
    if (!decoded.ok) {
      deps.log.warn("mqtt config: invalid node config dropped", { nodeId: msg.nodeId, error: decoded.error });
      return;
    }
    if (decoded.value.nodeId !== msg.nodeId) {
      deps.log.warn("mqtt config: node_id differs from the publishing node, dropped", { nodeId: msg.nodeId, configNodeId: decoded.value.nodeId });
      return;
    }
    const raw = readJson(text, { maxDepth: 6 });
    if (!raw.ok) return;
    const config = JSON.parse(JSON.stringify(raw.value)) as Record<string, unknown>;
    const info = decoded.value.info;
    deps.store.setNodeConfig(
      msg.nodeId,
      { config, configVersion: String(config.config_version), fwVersion: info.fwVersion, type: info.type, model: info.model },
      deps.clock.now(),
    );
    deps.log.info("mqtt config: stored", { nodeId: msg.nodeId, fwVersion: info.fwVersion });
  },
};

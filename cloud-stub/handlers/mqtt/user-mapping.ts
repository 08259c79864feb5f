/**
 * `node/<id>/user/mapping` `{"node_id","user_id","secret_key"[,"reset":true]}` [spec 5.1]. `reset` drops
 * the node's existing mappings first (the factory-reset report uses user "esp-rmaker" / key "failed").
 * The report is kept for the mapping window so a later `PUT user/nodes/mapping` still matches, and
 * open requests with the same user id and secret key are confirmed now.
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeJsonPayload, isPlainObject } from "./payload";

export const UserMappingRule: MqttRule = {
  suffix: TopicSuffix.UserMapping,
  handle(msg, deps) {
    const parsed = decodeJsonPayload(msg.payload);
    const v = parsed.ok && isPlainObject(parsed.value) ? parsed.value : null;
    if (!v || typeof v.node_id !== "string" || typeof v.user_id !== "string" || typeof v.secret_key !== "string") {
      deps.log.warn("mqtt user/mapping: malformed, dropped", { nodeId: msg.nodeId, error: parsed.ok ? "missing fields" : parsed.error });
      return;
    }
    if (v.node_id !== msg.nodeId) {
      deps.log.warn("mqtt user/mapping: node_id differs from the publishing node, dropped", { nodeId: msg.nodeId });
      return;
    }
    const now = deps.clock.now();
    deps.store.ensureNode(msg.nodeId, now);
    if (v.reset === true) {
      const dropped = deps.store.removeNodeMappings(msg.nodeId);
      deps.log.info("mqtt user/mapping: reset, mappings dropped", { nodeId: msg.nodeId, dropped });
    }
    deps.store.appendNodeRecords(
      [{ nodeId: msg.nodeId, kind: "user_mapping", data: { user_id: v.user_id, secret_key: v.secret_key }, at: now }],
      deps.config.recordsKeptPerNode,
    );
    for (const req of deps.store.listOpenSecretRequests(msg.nodeId, now)) {
      if (req.userId === v.user_id && req.secretKey === v.secret_key) {
        deps.store.confirmMappingRequest(req.requestId, msg.nodeId, now);
        deps.log.info("mqtt user/mapping: request confirmed", { nodeId: msg.nodeId, requestId: req.requestId });
      }
    }
  },
};

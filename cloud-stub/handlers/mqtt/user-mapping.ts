/**
 * `node/<id>/user/mapping` `{"node_id","user_id","secret_key"[,"reset":true]}` [spec 5.1], decoded with the
 * protocol's `decodeUserMapping`. `reset` drops the node's existing mappings first (the factory-reset
 * report uses user "esp-rmaker" / key "failed"). The report is kept for the mapping window so a later
 * `PUT user/nodes/mapping` still matches, and open requests with the same user id and key are confirmed now.
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeUserMapping, isResetReport } from "../../../firmware/protocol/rainmaker/user-mapping";
import { utf8Decode } from "../../../firmware/protocol/bytes";

export const UserMappingRule: MqttRule = {
  suffix: TopicSuffix.UserMapping,
  handle(msg, deps) {
    const decoded = decodeUserMapping(utf8Decode(msg.payload));
    if (!decoded.ok) {
      deps.log.warn("mqtt user/mapping: malformed, dropped", { nodeId: msg.nodeId, error: decoded.error });
      return;
    }
    const m = decoded.value;
    if (m.nodeId !== msg.nodeId) {
      deps.log.warn("mqtt user/mapping: node_id differs from the publishing node, dropped", { nodeId: msg.nodeId });
      return;
    }
    const now = deps.clock.now();
    deps.store.ensureNode(msg.nodeId, now);
    if (m.reset === true) {
      const dropped = deps.store.removeNodeMappings(msg.nodeId);
      deps.log.info("mqtt user/mapping: reset, mappings dropped", { nodeId: msg.nodeId, dropped });
      if (isResetReport(m)) return;
    }
    deps.store.appendNodeRecords(
      [{ nodeId: msg.nodeId, kind: "user_mapping", data: { user_id: m.userId, secret_key: m.secretKey }, at: now }],
      deps.config.recordsKeptPerNode,
    );
    for (const req of deps.store.listOpenSecretRequests(msg.nodeId, now)) {
      if (req.userId === m.userId && req.secretKey === m.secretKey) {
        deps.store.confirmMappingRequest(req.requestId, msg.nodeId, now);
        deps.log.info("mqtt user/mapping: request confirmed", { nodeId: msg.nodeId, requestId: req.requestId });
      }
    }
  },
};

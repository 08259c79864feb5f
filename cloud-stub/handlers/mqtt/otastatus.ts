/**
 * `node/<id>/otastatus` `{"ota_job_id","status","additional_info"[,"ts"]}` [spec 7]: records the node's
 * status in the job. Minimal validating parse (no shared OTA codec is used here).
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeJsonPayload, isPlainObject } from "./payload";

/** Status strings a node reports [spec 7]. */
export const OtaStatuses: readonly string[] = Object.freeze(["in-progress", "success", "failed", "delayed", "rejected", "invalid"]);

export const OtaStatusRule: MqttRule = {
  suffix: TopicSuffix.OtaStatus,
  handle(msg, deps) {
    const parsed = decodeJsonPayload(msg.payload);
    const v = parsed.ok && isPlainObject(parsed.value) ? parsed.value : null;
    if (!v || typeof v.ota_job_id !== "string" || typeof v.status !== "string" || !OtaStatuses.includes(v.status)) {
      deps.log.warn("mqtt otastatus: malformed, dropped", { nodeId: msg.nodeId });
      return;
    }
    const info = typeof v.additional_info === "string" ? v.additional_info : "";
    if (!deps.store.listOtaJobNodes(v.ota_job_id).some((s) => s.nodeId === msg.nodeId)) {
      deps.log.warn("mqtt otastatus: node is not in that job, dropped", { nodeId: msg.nodeId, jobId: v.ota_job_id });
      return;
    }
    deps.store.setOtaJobNodeStatus(v.ota_job_id, msg.nodeId, v.status, info, deps.clock.now());
  },
};

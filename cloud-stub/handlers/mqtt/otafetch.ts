/**
 * `node/<id>/otafetch` `{"node_id","fw_version"[,"network_id"]}` [spec 7]: answers `otaurl` when a job
 * still pending for this node exists; otherwise stays silent (as the real cloud does).
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeJsonPayload, isPlainObject } from "./payload";
import { sendOtaUrl } from "../rest/ota-url-message";

export const OtaFetchRule: MqttRule = {
  suffix: TopicSuffix.OtaFetch,
  async handle(msg, deps) {
    const parsed = decodeJsonPayload(msg.payload);
    const v = parsed.ok && isPlainObject(parsed.value) ? parsed.value : null;
    if (!v || v.node_id !== msg.nodeId || typeof v.fw_version !== "string") {
      deps.log.warn("mqtt otafetch: malformed or foreign node_id, dropped", { nodeId: msg.nodeId });
      return;
    }
    const job = deps.store.findPendingOtaJob(msg.nodeId);
    const image = job ? deps.store.getOtaImage(job.imageId) : null;
    if (!job || !image) return;
    await sendOtaUrl(deps, msg.nodeId, job, image);
    deps.log.info("mqtt otafetch: otaurl sent", { nodeId: msg.nodeId, jobId: job.jobId });
  },
};

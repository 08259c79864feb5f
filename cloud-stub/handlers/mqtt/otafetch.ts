/**
 * `node/<id>/otafetch` `{"node_id","fw_version"[,"network_id"]}` [spec 7], decoded with the protocol's
 * `decodeOtaFetch`: answers `otaurl` when a job still pending for this node exists; otherwise stays silent.
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeOtaFetch } from "../../../firmware/protocol/rainmaker/ota";
import { utf8Decode } from "../../../firmware/protocol/bytes";
import { sendOtaUrl } from "../rest/ota-url-message";

export const OtaFetchRule: MqttRule = {
  suffix: TopicSuffix.OtaFetch,
  async handle(msg, deps) {
    const decoded = decodeOtaFetch(utf8Decode(msg.payload));
    if (!decoded.ok || decoded.value.nodeId !== msg.nodeId) {
      deps.log.warn("mqtt otafetch: malformed or foreign node_id, dropped", { nodeId: msg.nodeId, error: decoded.ok ? "node_id" : decoded.error });
      return;
    }
    const job = deps.store.findPendingOtaJob(msg.nodeId);
    const image = job ? deps.store.getOtaImage(job.imageId) : null;
    if (!job || !image) return;
    await sendOtaUrl(deps, msg.nodeId, job, image);
    deps.log.info("mqtt otafetch: otaurl sent", { nodeId: msg.nodeId, jobId: job.jobId });
  },
};

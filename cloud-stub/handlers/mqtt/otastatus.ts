/**
 * `node/<id>/otastatus` `{"ota_job_id","status","additional_info","ts"}` [spec 7], decoded with the
 * protocol's `decodeOtaStatus`: records the node's status in the job.
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeOtaStatus } from "../../../firmware/protocol/rainmaker/ota";
import { utf8Decode } from "../../../firmware/protocol/bytes";

export const OtaStatusRule: MqttRule = {
  suffix: TopicSuffix.OtaStatus,
  handle(msg, deps) {
    const decoded = decodeOtaStatus(utf8Decode(msg.payload));
    if (!decoded.ok) {
      deps.log.warn("mqtt otastatus: malformed, dropped", { nodeId: msg.nodeId, error: decoded.error });
      return;
    }
    const s = decoded.value;
    if (!deps.store.listOtaJobNodes(s.otaJobId).some((n) => n.nodeId === msg.nodeId)) {
      deps.log.warn("mqtt otastatus: node is not in that job, dropped", { nodeId: msg.nodeId, jobId: s.otaJobId });
      return;
    }
    deps.store.setOtaJobNodeStatus(s.otaJobId, msg.nodeId, s.status, s.additionalInfo, deps.clock.now());
  },
};

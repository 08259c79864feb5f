/**
 * `node/<id>/otastatus` `{"ota_job_id","status","additional_info","ts"}` [spec 7], decoded with the
 * protocol's `decodeOtaStatus`: records the node's status in the job.
 */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeOtaStatus } from "../../../firmware/protocol/rainmaker/ota";
import { utf8Decode } from "../../../firmware/protocol/bytes";

const AttemptFailed = /^OTA Attempt (\d+)\/(\d+) failed/;

/** A `failed` report of an attempt that is not the last one keeps the job running for the node [spec 7 retries]. */
export function jobNodeStatus(status: string, info: string): string {
  const m = status === "failed" ? AttemptFailed.exec(info) : null;
  return m && Number(m[1]) < Number(m[2]) ? "in-progress" : status;
}

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
    deps.store.setOtaJobNodeStatus(s.otaJobId, msg.nodeId, jobNodeStatus(s.status, s.additionalInfo), s.additionalInfo, deps.clock.now());
  },
};

/** Builds and sends the `otaurl` message for a job [spec 7: ota_job_id, url, file_size, fw_version]. */
import type { AppDeps } from "../../deps";
import type { OtaImage, OtaJob } from "../../store/store";
import { otaImageUrl } from "./ota-urls";
import { TopicSuffix, nodeTopic } from "../../../firmware/protocol/rainmaker/topics";

export function otaUrlMessage(deps: AppDeps, job: OtaJob, image: OtaImage): Record<string, unknown> {
  return { ota_job_id: job.jobId, url: otaImageUrl(deps, image.imageId), file_size: image.size, fw_version: image.version };
}

export async function sendOtaUrl(deps: AppDeps, nodeId: string, job: OtaJob, image: OtaImage): Promise<void> {
  await deps.bus.publish(nodeTopic(nodeId, TopicSuffix.OtaUrl), new TextEncoder().encode(JSON.stringify(otaUrlMessage(deps, job, image))));
}

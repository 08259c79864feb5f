/** Sends the `otaurl` message of a job, encoded with the protocol's `encodeOtaUrl` [spec 7]. */
import type { AppDeps } from "../../deps";
import type { OtaImage, OtaJob } from "../../store/store";
import { otaImageUrl } from "./ota-urls";
import { TopicSuffix, nodeTopic } from "../../../firmware/protocol/rainmaker/topics";
import { encodeOtaUrl } from "../../../firmware/protocol/rainmaker/ota";
import { utf8Encode } from "../../../firmware/protocol/bytes";

export function otaUrlMessage(deps: AppDeps, job: OtaJob, image: OtaImage): string {
  return encodeOtaUrl({ otaJobId: job.jobId, url: otaImageUrl(deps, image.imageId), fileSize: image.size, fwVersion: image.version });
}

export async function sendOtaUrl(deps: AppDeps, nodeId: string, job: OtaJob, image: OtaImage): Promise<void> {
  await deps.bus.publish(nodeTopic(nodeId, TopicSuffix.OtaUrl), utf8Encode(otaUrlMessage(deps, job, image)));
}

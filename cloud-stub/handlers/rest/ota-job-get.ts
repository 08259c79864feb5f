/**
 * `GET /v1/user/otajobs?ota_job_id=`: per-node status as reported on `otastatus` [spec 7], with a progress
 * percentage (from "Downloaded N% Firmware Image", 100 on success) and a count per status.
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";

const Percent = /(\d{1,3})%/;

/** Download progress of a node, 0..100, from its last status. */
export function progressOf(status: string, info: string): number {
  if (status === "success") return 100;
  const m = status === "in-progress" ? Percent.exec(info) : null;
  if (m) return Math.min(100, Number(m[1]));
  if (status === "in-progress" && /download complete|Rebooting/i.test(info)) return 100;
  return 0;
}

export const OtaJobGetRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/otajobs",
  auth: "user",
  schema: { querystring: { type: "object", required: ["ota_job_id"], properties: { ota_job_id: { type: "string", minLength: 1, maxLength: 64 } } } },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const job = deps.store.getOtaJob(req.query.ota_job_id!);
    if (!job || job.createdBy !== userId) throw new ApiError(404, ErrorCodes.OtaJobNotFound, "OTA job not found");
    const image = deps.store.getOtaImage(job.imageId);
    const nodes = deps.store.listOtaJobNodes(job.jobId);
    const counts: Record<string, number> = {};
    for (const n of nodes) counts[n.status] = (counts[n.status] ?? 0) + 1;
    return {
      body: {
        ota_job_id: job.jobId,
        image_id: job.imageId,
        fw_version: image?.version ?? "",
        created_at: job.createdAt,
        counts,
        nodes: nodes.map((s) => ({ node_id: s.nodeId, status: s.status, info: s.info, progress: progressOf(s.status, s.info), updated_at: s.updatedAt })),
      },
    };
  },
};

/** `GET /v1/user/otajobs?ota_job_id=`: per-node status as reported on `otastatus` [spec 7]. */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";

export const OtaJobGetRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/otajobs",
  auth: "user",
  schema: { querystring: { type: "object", required: ["ota_job_id"], properties: { ota_job_id: { type: "string", minLength: 1, maxLength: 64 } } } },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const job = deps.store.getOtaJob(req.query.ota_job_id!);
    if (!job || job.createdBy !== userId) throw new ApiError(404, ErrorCodes.OtaJobNotFound, "OTA job not found");
    return {
      body: {
        ota_job_id: job.jobId,
        image_id: job.imageId,
        created_at: job.createdAt,
        nodes: deps.store.listOtaJobNodes(job.jobId).map((s) => ({ node_id: s.nodeId, status: s.status, info: s.info, updated_at: s.updatedAt })),
      },
    };
  },
};

/**
 * Minimal OTA jobs: `POST /v1/user/otajobs {"image_id","node_ids":[…]}` creates a job for nodes the
 * caller owns and pushes `otaurl` to online ones (others get it on their next `otafetch` [spec 7]);
 * `GET /v1/user/otajobs?ota_job_id=` answers the per-node status reported on `otastatus`.
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId, nodeAccessError } from "./node-access";
import { NodeIdString } from "./schemas";
import { sendOtaUrl } from "./ota-url-message";

interface CreateBody {
  image_id: string;
  node_ids: string[];
}

export const OtaJobCreateRoute: RestRoute = {
  method: "POST",
  url: "/v1/user/otajobs",
  auth: "user",
  schema: {
    body: {
      type: "object",
      required: ["image_id", "node_ids"],
      properties: {
        image_id: { type: "string", minLength: 1, maxLength: 64 },
        node_ids: { type: "array", minItems: 1, maxItems: 100, items: NodeIdString },
      },
    },
  },
  async handle(req, deps) {
    const userId = callerId(req.userId);
    const body = req.body as CreateBody;
    const image = deps.store.getOtaImage(body.image_id);
    if (!image) throw new ApiError(404, ErrorCodes.OtaImageNotFound, "OTA image not found");
    for (const nodeId of body.node_ids) {
      const denied = nodeAccessError(deps, userId, nodeId);
      if (denied) throw new ApiError(denied.httpStatus, denied.errorCode, `${nodeId}: ${denied.message}`);
    }
    const job = {
      jobId: `OTAJOB${String(deps.store.nextSequence("ota_job")).padStart(10, "0")}`,
      imageId: image.imageId,
      createdBy: userId,
      createdAt: deps.clock.now(),
    };
    deps.store.createOtaJob(job, body.node_ids);
    for (const nodeId of new Set(body.node_ids)) {
      if (!deps.store.getNode(nodeId)?.connectivity.connected) continue;
      await sendOtaUrl(deps, nodeId, job, image).catch((err: unknown) =>
        deps.log.warn("otaurl publish failed; the node gets it on otafetch", { nodeId, error: String(err) }),
      );
    }
    return { status: 201, body: { status: "success", ota_job_id: job.jobId } };
  },
};

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

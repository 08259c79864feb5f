/**
 * `POST /v1/user/otajobs {"image_id","node_ids":[…]}`: a job for nodes the caller owns; pushes `otaurl`
 * to online ones, others get it on their next `otafetch` [spec 7].
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

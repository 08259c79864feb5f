/**
 * `POST /v1/user/otajobs {"image_id", "node_ids":[…] | "type":"…" | "model":"…"}`: a job for the chosen
 * nodes, or for every node of the caller whose reported `info.type` / `info.model` matches; pushes
 * `otaurl` to online ones, others get it on their next `otafetch` [spec 7].
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import type { AppDeps } from "../../deps";
import { ErrorCodes } from "./error-codes";
import { callerId, nodeAccessError } from "./node-access";
import { NodeIdString } from "./schemas";
import { sendOtaUrl } from "./ota-url-message";

interface CreateBody {
  image_id: string;
  node_ids?: string[];
  type?: string;
  model?: string;
}

const MaxNodes = 1000;

/** The caller's nodes whose last config reported this type or model. */
function nodesMatching(deps: AppDeps, userId: string, field: "type" | "model", value: string): string[] {
  const out: string[] = [];
  let start: string | null = null;
  for (;;) {
    const page = deps.store.listUserNodeIds(userId, start, 200);
    for (const id of page) if (deps.store.getNode(id)?.[field] === value) out.push(id);
    if (page.length < 200) return out;
    start = `${page[page.length - 1]!}\u0000`;
  }
}

function selectNodes(deps: AppDeps, userId: string, body: CreateBody): string[] {
  const selectors = [body.node_ids, body.type, body.model].filter((s) => s !== undefined).length;
  if (selectors !== 1) throw new ApiError(400, ErrorCodes.BadRequest, "give exactly one of node_ids, type or model");
  if (body.node_ids) {
    for (const nodeId of body.node_ids) {
      const denied = nodeAccessError(deps, userId, nodeId);
      if (denied) throw new ApiError(denied.httpStatus, denied.errorCode, `${nodeId}: ${denied.message}`);
    }
    return [...new Set(body.node_ids)];
  }
  const [field, value] = body.type !== undefined ? (["type", body.type] as const) : (["model", body.model!] as const);
  const nodes = nodesMatching(deps, userId, field, value);
  if (nodes.length === 0) throw new ApiError(400, ErrorCodes.BadRequest, `no node of yours reports ${field} "${value}"`);
  if (nodes.length > MaxNodes) throw new ApiError(400, ErrorCodes.BadRequest, `${nodes.length} nodes match; at most ${MaxNodes} per job`);
  return nodes;
}

export const OtaJobCreateRoute: RestRoute = {
  method: "POST",
  url: "/v1/user/otajobs",
  auth: "user",
  schema: {
    body: {
      type: "object",
      required: ["image_id"],
      properties: {
        image_id: { type: "string", minLength: 1, maxLength: 64 },
        node_ids: { type: "array", minItems: 1, maxItems: 100, items: NodeIdString },
        type: { type: "string", minLength: 1, maxLength: 64 },
        model: { type: "string", minLength: 1, maxLength: 64 },
      },
    },
  },
  async handle(req, deps) {
    const userId = callerId(req.userId);
    const body = req.body as CreateBody;
    const image = deps.store.getOtaImage(body.image_id);
    if (!image) throw new ApiError(404, ErrorCodes.OtaImageNotFound, "OTA image not found");
    const nodeIds = selectNodes(deps, userId, body);
    const job = {
      jobId: `OTAJOB${String(deps.store.nextSequence("ota_job")).padStart(10, "0")}`,
      imageId: image.imageId,
      createdBy: userId,
      createdAt: deps.clock.now(),
    };
    deps.store.createOtaJob(job, nodeIds);
    for (const nodeId of nodeIds) {
      if (!deps.store.getNode(nodeId)?.connectivity.connected) continue;
      await sendOtaUrl(deps, nodeId, job, image).catch((err: unknown) =>
        deps.log.warn("otaurl publish failed; the node gets it on otafetch", { nodeId, error: String(err) }),
      );
    }
    return { status: 201, body: { status: "success", ota_job_id: job.jobId, node_ids: nodeIds } };
  },
};

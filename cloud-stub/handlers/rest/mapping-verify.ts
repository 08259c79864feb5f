/**
 * `POST /v1/user/nodes/mapping/verify {"request_id","node_id","challenge_response"(hex)[,"tags"][,"metadata"]}`
 * maps the node when the signature over the challenge checks out against the node certificate kept by the
 * claim service [spec 5.2]. A failed verify discards the request.
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";
import { Metadata, NodeIdString, Tags } from "./schemas";
import { verifyChallengeSignature } from "./challenge-signature";

interface VerifyBody {
  request_id: string;
  node_id: string;
  challenge_response: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
}

export const MappingVerifyRoute: RestRoute = {
  method: "POST",
  url: "/v1/user/nodes/mapping/verify",
  auth: "user",
  schema: {
    body: {
      type: "object",
      required: ["request_id", "node_id", "challenge_response"],
      properties: {
        request_id: { type: "string", minLength: 1, maxLength: 64 },
        node_id: NodeIdString,
        challenge_response: { type: "string", pattern: "^([0-9a-fA-F]{2})+$", maxLength: 2048 },
        tags: Tags,
        metadata: Metadata,
      },
    },
  },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const body = req.body as VerifyBody;
    const request = deps.store.getMappingRequest(body.request_id);
    if (!request || request.userId !== userId || request.kind !== "challenge") {
      throw new ApiError(404, ErrorCodes.MappingRequestNotFound, "Mapping request not found");
    }
    if (request.status !== "requested" || deps.clock.now() >= request.expiresAt) {
      throw new ApiError(409, ErrorCodes.MappingRequestClosed, "Mapping request is no longer open");
    }
    const node = deps.store.getNode(body.node_id);
    if (!node?.certificatePem) throw new ApiError(404, ErrorCodes.NodeNotFound, "Node not found or not claimed");
    const ok = verifyChallengeSignature(node.certificatePem, new TextEncoder().encode(request.challenge!), Buffer.from(body.challenge_response, "hex"));
    if (!ok) {
      deps.store.setMappingRequestStatus(request.requestId, "discarded");
      throw new ApiError(400, ErrorCodes.ChallengeVerifyFailed, "Challenge response verification failed");
    }
    deps.store.confirmMappingRequest(request.requestId, node.nodeId, deps.clock.now());
    if (body.tags) deps.store.setTags(node.nodeId, [...new Set([...node.tags, ...body.tags])]);
    if (body.metadata) deps.store.setMetadata(node.nodeId, { ...node.metadata, ...body.metadata });
    return { body: { status: "success", description: "User node mapping successful", node_id: node.nodeId } };
  },
};

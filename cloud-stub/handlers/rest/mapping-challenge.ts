/**
 * Challenge-response mapping [spec 5.2]: `POST /v1/user/nodes/mapping/initiate {"timeout"}` ->
 * `{"request_id","challenge"}`; `POST /v1/user/nodes/mapping/verify {"request_id","node_id",
 * "challenge_response"(hex)[,"tags"][,"metadata"]}` maps the node when the signature checks out against
 * the node certificate kept by the claim service. A failed verify discards the request.
 */
import { randomBytes } from "node:crypto";
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";
import { Metadata, NodeIdString, Tags } from "./schemas";
import { nextMappingRequestId } from "./mapping-request-id";
import { verifyChallengeSignature } from "./challenge-signature";

export const MappingInitiateRoute: RestRoute = {
  method: "POST",
  url: "/v1/user/nodes/mapping/initiate",
  auth: "user",
  schema: { body: { anyOf: [{ type: "null" }, { type: "object", properties: { timeout: { type: "integer", minimum: 1, maximum: 86400 } } }] } },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const timeoutS = (req.body as { timeout?: number } | undefined)?.timeout;
    const now = deps.clock.now();
    const requestId = nextMappingRequestId(deps.store);
    const challenge = randomBytes(16).toString("hex");
    deps.store.createMappingRequest({
      requestId,
      userId,
      nodeId: null,
      kind: "challenge",
      secretKey: null,
      challenge,
      status: "requested",
      tags: [],
      metadata: {},
      createdAt: now,
      expiresAt: now + (timeoutS !== undefined ? timeoutS * 1000 : deps.config.challengeTtlMs),
    });
    return { body: { status: "success", request_id: requestId, challenge } };
  },
};

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

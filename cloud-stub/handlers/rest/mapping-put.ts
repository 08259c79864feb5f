/**
 * `PUT /v1/user/nodes/mapping` `{"user_id","node_id","secret_key","operation":"add"|"remove"[,"tags"][,"metadata"]}`
 * [spec 5.1; cloud-rest-api 2]. "add" opens a request answered with `request_id` and confirmed by the node's
 * `user/mapping` report; "remove" unmaps at once.
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";
import { Metadata, NodeIdString, Tags } from "./schemas";
import { nextMappingRequestId } from "./mapping-request-id";
import { confirmFromEarlierReport } from "./mapping-match";

interface Body {
  user_id: string;
  node_id: string;
  secret_key: string;
  operation: "add" | "remove";
  tags?: string[];
  metadata?: Record<string, unknown>;
}

export const MappingPutRoute: RestRoute = {
  method: "PUT",
  url: "/v1/user/nodes/mapping",
  auth: "user",
  schema: {
    body: {
      type: "object",
      required: ["user_id", "node_id", "secret_key", "operation"],
      properties: {
        user_id: { type: "string", minLength: 1, maxLength: 128 },
        node_id: NodeIdString,
        secret_key: { type: "string", maxLength: 256 },
        operation: { type: "string", enum: ["add", "remove"] },
        tags: Tags,
        metadata: Metadata,
      },
    },
  },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const body = req.body as Body;
    if (body.user_id !== userId) throw new ApiError(403, ErrorCodes.NodeAccessDenied, "user_id does not match the logged-in user");
    if (body.operation === "remove") {
      if (!deps.store.getMapping(userId, body.node_id)) throw new ApiError(404, ErrorCodes.NodeNotFound, "Node is not associated with this user");
      deps.store.removeMapping(userId, body.node_id);
      return { body: { status: "success", description: "User node mapping removed successfully" } };
    }
    if (body.secret_key === "") throw new ApiError(400, ErrorCodes.BadRequest, "secret_key must not be empty");
    const now = deps.clock.now();
    const request = {
      requestId: nextMappingRequestId(deps.store),
      userId,
      nodeId: body.node_id,
      kind: "secret" as const,
      secretKey: body.secret_key,
      challenge: null,
      status: "requested" as const,
      tags: body.tags ?? [],
      metadata: body.metadata ?? {},
      createdAt: now,
      expiresAt: now + deps.config.mappingRequestTtlMs,
    };
    deps.store.createMappingRequest(request);
    confirmFromEarlierReport(request, deps);
    return { body: { status: "success", description: "User node mapping request added", request_id: request.requestId } };
  },
};

/**
 * `POST /v1/user/nodes/mapping/initiate {"timeout"}` -> `{"request_id","challenge"}`: opens a
 * challenge-response mapping request [spec 5.2].
 */
import { randomBytes } from "node:crypto";
import type { RestRoute } from "./route";
import { callerId } from "./node-access";
import { nextMappingRequestId } from "./mapping-request-id";

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

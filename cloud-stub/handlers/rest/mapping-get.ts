/**
 * `GET /v1/user/nodes/mapping?&request_id=` (the CLI's stray `&` included) -> `request_status`
 * [spec 5.1]. A request still open after its window answers `timedout` (and is stored so).
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";

export const MappingGetRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/nodes/mapping",
  auth: "user",
  schema: { querystring: { type: "object", required: ["request_id"], properties: { request_id: { type: "string", minLength: 1, maxLength: 64 } } } },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const request = deps.store.getMappingRequest(req.query.request_id!);
    if (!request || request.userId !== userId) throw new ApiError(404, ErrorCodes.MappingRequestNotFound, "Mapping request not found");
    let status = request.status;
    if (status === "requested" && deps.clock.now() >= request.expiresAt) {
      status = "timedout";
      deps.store.setMappingRequestStatus(request.requestId, status);
    }
    return { body: { request_id: request.requestId, request_status: status, user_request: true, node_id: request.nodeId } };
  },
};

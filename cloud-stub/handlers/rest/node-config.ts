/** `GET /v1/user/nodes/config?nodeid=`: the node config JSON as last reported [cloud-rest-api 2; spec 1]. */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { requireUserNode } from "./node-access";
import { NodeIdQuery } from "./schemas";

export const NodeConfigRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/nodes/config",
  auth: "user",
  schema: { querystring: NodeIdQuery },
  handle(req, deps) {
    const { node } = requireUserNode(deps, req.userId, req.query.nodeid);
    if (!node.config) throw new ApiError(404, ErrorCodes.NodeNotFound, "Node config not reported yet");
    return { body: node.config };
  },
};

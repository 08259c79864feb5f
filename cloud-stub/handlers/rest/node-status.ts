/** `GET /v1/user/nodes/status?nodeid=`: `{"connectivity":{"connected","timestamp"(ms)}}` [cloud-rest-api 2; spec 8]. */
import type { RestRoute } from "./route";
import { requireUserNode } from "./node-access";
import { NodeIdQuery } from "./schemas";

export const NodeStatusRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/nodes/status",
  auth: "user",
  schema: { querystring: NodeIdQuery },
  handle(req, deps) {
    const { node } = requireUserNode(deps, req.userId, req.query.nodeid);
    return { body: { connectivity: { connected: node.connectivity.connected, timestamp: node.connectivity.timestamp } } };
  },
};

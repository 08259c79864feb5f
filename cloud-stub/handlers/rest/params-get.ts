/** `GET /v1/user/nodes/params?nodeid=`: the params shadow [cloud-rest-api 2; spec 2.1]. */
import type { RestRoute } from "./route";
import { requireUserNode } from "./node-access";
import { NodeIdQuery } from "./schemas";

export const ParamsGetRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/nodes/params",
  auth: "user",
  schema: { querystring: NodeIdQuery },
  handle(req, deps) {
    return { body: requireUserNode(deps, req.userId, req.query.nodeid).node.params };
  },
};

/**
 * `GET /v1/user/nodes[?node_details=true][&node_id=][&start_id=][&num_records=]`: the caller's node ids
 * or details, in id order, paged with `next_id` [cloud-rest-api 2; spec 8].
 */
import type { RestRoute } from "./route";
import { callerId, requireUserNode } from "./node-access";
import { nodeDetails } from "./node-details";
import { NodeIdString } from "./schemas";

export const NodesListRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/nodes",
  auth: "user",
  schema: {
    querystring: {
      type: "object",
      properties: {
        node_details: { type: "string", enum: ["true", "false"] },
        node_id: NodeIdString,
        start_id: NodeIdString,
        num_records: { type: "string", pattern: "^[1-9][0-9]{0,2}$" },
      },
    },
  },
  handle(req, deps) {
    const userId = callerId(req.userId);
    const details = req.query.node_details === "true";
    if (req.query.node_id !== undefined) {
      const { node, mapping } = requireUserNode(deps, userId, req.query.node_id);
      return { body: details ? { node_details: [nodeDetails(node, mapping)], total: 1 } : { nodes: [node.nodeId], total: 1 } };
    }
    const pageSize = Number(req.query.num_records ?? deps.config.nodesPageSize);
    const ids = deps.store.listUserNodeIds(userId, req.query.start_id ?? null, pageSize + 1);
    const page = ids.slice(0, pageSize);
    const body: Record<string, unknown> = details
      ? { node_details: page.map((id) => nodeDetails(deps.store.getNode(id)!, deps.store.getMapping(userId, id)!)) }
      : { nodes: page };
    body.total = deps.store.countUserNodes(userId);
    if (ids.length > pageSize) body.next_id = ids[pageSize];
    return { body };
  },
};

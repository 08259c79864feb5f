/** `PUT /v1/user/nodes?node_id=`: adds tags, merges metadata [cloud-rest-api 2]. */
import type { RestRoute } from "./route";
import { requireUserNode } from "./node-access";
import { NodeAttributesSchema } from "./node-attributes-schema";
import type { NodeAttributesBody } from "./node-attributes-schema";

export const NodesUpdateRoute: RestRoute = {
  method: "PUT",
  url: "/v1/user/nodes",
  auth: "user",
  schema: NodeAttributesSchema,
  handle(req, deps) {
    const { node } = requireUserNode(deps, req.userId, req.query.node_id);
    const body = req.body as NodeAttributesBody;
    if (body.tags) deps.store.setTags(node.nodeId, [...new Set([...node.tags, ...body.tags])]);
    if (body.metadata) deps.store.setMetadata(node.nodeId, { ...node.metadata, ...body.metadata });
    return { body: { status: "success", description: "Node updated successfully" } };
  },
};

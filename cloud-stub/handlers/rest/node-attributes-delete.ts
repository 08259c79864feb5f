/** `DELETE /v1/user/nodes?node_id=`: removes the given tags / metadata keys; `"metadata": null` removes all [cloud-rest-api 2]. */
import type { RestRoute } from "./route";
import { requireUserNode } from "./node-access";
import { NodeAttributesSchema } from "./node-attributes-schema";
import type { NodeAttributesBody } from "./node-attributes-schema";

export const NodesDeleteAttributesRoute: RestRoute = {
  method: "DELETE",
  url: "/v1/user/nodes",
  auth: "user",
  schema: NodeAttributesSchema,
  handle(req, deps) {
    const { node } = requireUserNode(deps, req.userId, req.query.node_id);
    const body = req.body as NodeAttributesBody;
    if (body.tags) deps.store.setTags(node.nodeId, node.tags.filter((t) => !body.tags!.includes(t)));
    if (body.metadata === null) deps.store.setMetadata(node.nodeId, {});
    else if (body.metadata) {
      const kept = Object.fromEntries(Object.entries(node.metadata).filter(([k]) => !(k in body.metadata!)));
      deps.store.setMetadata(node.nodeId, kept);
    }
    return { body: { status: "success", description: "Node updated successfully" } };
  },
};

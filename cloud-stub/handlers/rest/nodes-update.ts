/**
 * `PUT /v1/user/nodes?node_id=` adds tags / merges metadata; `DELETE` removes the given tags / metadata
 * keys (`"metadata": null` removes all) [cloud-rest-api 2].
 */
import type { RestRoute } from "./route";
import { requireUserNode } from "./node-access";
import { Metadata, NodeIdString, Tags } from "./schemas";

interface Body {
  tags?: string[];
  metadata?: Record<string, unknown> | null;
}

const schema = {
  querystring: { type: "object", required: ["node_id"], properties: { node_id: NodeIdString } },
  body: {
    type: "object",
    properties: { tags: Tags, metadata: { anyOf: [Metadata, { type: "null" }] } },
    anyOf: [{ required: ["tags"] }, { required: ["metadata"] }],
  },
};

export const NodesUpdateRoute: RestRoute = {
  method: "PUT",
  url: "/v1/user/nodes",
  auth: "user",
  schema,
  handle(req, deps) {
    const { node } = requireUserNode(deps, req.userId, req.query.node_id);
    const body = req.body as Body;
    if (body.tags) deps.store.setTags(node.nodeId, [...new Set([...node.tags, ...body.tags])]);
    if (body.metadata) deps.store.setMetadata(node.nodeId, { ...node.metadata, ...body.metadata });
    return { body: { status: "success", description: "Node updated successfully" } };
  },
};

export const NodesDeleteAttributesRoute: RestRoute = {
  method: "DELETE",
  url: "/v1/user/nodes",
  auth: "user",
  schema,
  handle(req, deps) {
    const { node } = requireUserNode(deps, req.userId, req.query.node_id);
    const body = req.body as Body;
    if (body.tags) deps.store.setTags(node.nodeId, node.tags.filter((t) => !body.tags!.includes(t)));
    if (body.metadata === null) deps.store.setMetadata(node.nodeId, {});
    else if (body.metadata) {
      const kept = Object.fromEntries(Object.entries(node.metadata).filter(([k]) => !(k in body.metadata!)));
      deps.store.setMetadata(node.nodeId, kept);
    }
    return { body: { status: "success", description: "Node updated successfully" } };
  },
};

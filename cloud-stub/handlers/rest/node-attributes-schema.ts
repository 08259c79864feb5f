/** Body and query schema shared by `PUT` and `DELETE /v1/user/nodes?node_id=` [cloud-rest-api 2]. */
import { Metadata, NodeIdString, Tags } from "./schemas";

export interface NodeAttributesBody {
  tags?: string[];
  metadata?: Record<string, unknown> | null;
}

export const NodeAttributesSchema = {
  querystring: { type: "object", required: ["node_id"], properties: { node_id: NodeIdString } },
  body: {
    type: "object",
    properties: { tags: Tags, metadata: { anyOf: [Metadata, { type: "null" }] } },
    anyOf: [{ required: ["tags"] }, { required: ["metadata"] }],
  },
};

/** One `node_details[]` entry as the CLI reads it [cloud-rest-api 2; vectors/cli-rest.json getnodedetails]. */
import type { NodeRecord, UserNodeMapping } from "../../store/store";

export function nodeDetails(node: NodeRecord, mapping: UserNodeMapping): Record<string, unknown> {
  return {
    id: node.nodeId,
    role: mapping.primary ? "primary" : "secondary",
    primary: mapping.primary,
    is_matter: false,
    status: { connectivity: { connected: node.connectivity.connected, timestamp: node.connectivity.timestamp } },
    config: node.config ?? {},
    params: node.params,
    metadata: node.metadata,
    tags: node.tags,
    mapping_timestamp: mapping.mappedAt,
  };
}

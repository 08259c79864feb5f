/** `GET /v1/user/nodes?node_details=true[&node_id=]`, following `next_id` [cloud-rest-api 2]. */
import type { ViewContext } from "../context";
import { isRecord, sanitizeConfig } from "../model/node-config";
import type { NodeDetails, ParamsDoc } from "../model/node-config";

interface Page {
  node_details?: unknown[];
  next_id?: string;
}

export async function fetchNodeDetails(ctx: ViewContext, nodeId?: string): Promise<NodeDetails[]> {
  const out: NodeDetails[] = [];
  let start: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const query = new URLSearchParams({ node_details: "true" });
    if (nodeId) query.set("node_id", nodeId);
    if (start) query.set("start_id", start);
    const page = await ctx.api.json<Page>("GET", `/v1/user/nodes?${query}`);
    for (const raw of page?.node_details ?? []) {
      const d = toDetails(raw);
      if (d) out.push(d);
    }
    if (!page?.next_id || nodeId) break;
    start = page.next_id;
  }
  return out;
}

function toDetails(raw: unknown): NodeDetails | null {
  if (!isRecord(raw) || typeof raw.id !== "string") return null;
  const conn = isRecord(raw.status) && isRecord(raw.status.connectivity) ? raw.status.connectivity : {};
  return {
    id: raw.id,
    config: sanitizeConfig(raw.config),
    params: (isRecord(raw.params) ? raw.params : {}) as ParamsDoc,
    status: { connectivity: { connected: conn.connected === true, timestamp: typeof conn.timestamp === "number" ? conn.timestamp : 0 } },
    mapping_timestamp: typeof raw.mapping_timestamp === "number" ? raw.mapping_timestamp : undefined,
  };
}

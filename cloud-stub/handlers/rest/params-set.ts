/**
 * `PUT /v1/user/nodes/params` with `[{"node_id","payload"}]`: for each node the caller owns, publishes
 * the payload on `node/<id>/params/remote` [spec 3.2]. Answers one result per entry; 200 when all
 * succeed, 207 otherwise [cloud-rest-api 2; vectors/cli-rest.json setparams].
 * The shadow is not touched here: it holds what the node reported, so a value shows in
 * `GET user/nodes/params` only once the node applied it and echoed it on `params/local` [spec 2.2 step 5].
 * An offline node: success when its persistent session queued the set (delivered at the reconnect) or
 * when it has no session (the set is not kept, as on the real cloud); a `failure` entry (so 207) when
 * its queue is full, so no set is acknowledged and then lost.
 */
import type { RestRoute } from "./route";
import { callerId, nodeAccessError } from "./node-access";
import { NodeIdString } from "./schemas";
import type { AppDeps } from "../../deps";
import { OfflineQueueFullError } from "../../bus";
import type { ParamsDocument } from "../../../firmware/protocol/rainmaker/description";
import { TopicSuffix, nodeTopic } from "../../../firmware/protocol/rainmaker/topics";

interface Entry {
  node_id: string;
  payload: unknown;
}

type Result = { node_id: string; status: "success" } | { node_id: string; status: "failure"; description: string };

/** A remote set is an object of objects keyed by device name [spec 2.1]. */
export function isParamsDocument(value: unknown): value is ParamsDocument {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === "object" && v !== null && !Array.isArray(v));
}

export const ParamsSetRoute: RestRoute = {
  method: "PUT",
  url: "/v1/user/nodes/params",
  auth: "user",
  schema: {
    body: {
      type: "array",
      minItems: 1,
      maxItems: 100,
      items: { type: "object", required: ["node_id", "payload"], properties: { node_id: NodeIdString, payload: {} } },
    },
  },
  async handle(req, deps) {
    const userId = callerId(req.userId);
    const results: Result[] = [];
    for (const entry of req.body as Entry[]) results.push(await setOne(userId, entry, deps));
    return { status: results.every((r) => r.status === "success") ? 200 : 207, body: results };
  },
};

async function setOne(userId: string, entry: Entry, deps: AppDeps): Promise<Result> {
  const denied = nodeAccessError(deps, userId, entry.node_id);
  if (denied) return { node_id: entry.node_id, status: "failure", description: denied.message };
  if (!isParamsDocument(entry.payload) || Object.keys(entry.payload).length === 0) {
    return { node_id: entry.node_id, status: "failure", description: "payload must be an object of device objects" };
  }
  try {
    await deps.bus.publish(nodeTopic(entry.node_id, TopicSuffix.ParamsRemote), new TextEncoder().encode(JSON.stringify(entry.payload)));
  } catch (err) {
    deps.log.warn("params/remote publish failed", { nodeId: entry.node_id, error: String(err) });
    const description = err instanceof OfflineQueueFullError ? `Node is offline with ${err.limit} undelivered messages queued; try again once it reconnects` : "Could not deliver to the node";
    return { node_id: entry.node_id, status: "failure", description };
  }
  return { node_id: entry.node_id, status: "success" };
}

/** A user sees and controls only nodes mapped to them [cloud-rest-api 2]. */
import { ApiError } from "./route";
import { ErrorCodes } from "./error-codes";
import type { AppDeps } from "../../deps";
import type { NodeRecord, UserNodeMapping } from "../../store/store";

export interface UserNode {
  node: NodeRecord;
  mapping: UserNodeMapping;
}

/** Why a node is not usable by the user, or null when it is. */
export function nodeAccessError(deps: AppDeps, userId: string, nodeId: string): ApiError | null {
  // a mapping exists only for a stored node (nodes are never deleted), so the keyed mapping lookup
  // settles the common case without loading the node's config and shadow
  if (deps.store.getMapping(userId, nodeId)) return null;
  if (!deps.store.getNode(nodeId)) return new ApiError(404, ErrorCodes.NodeNotFound, "Node not found");
  return new ApiError(403, ErrorCodes.NodeAccessDenied, "Node is not associated with this user");
}

export function requireUserNode(deps: AppDeps, userId: string | undefined, nodeId: string | undefined): UserNode {
  if (!userId) throw new ApiError(401, ErrorCodes.Unauthorized, "Authorization required");
  if (!nodeId) throw new ApiError(400, ErrorCodes.BadRequest, "node id missing");
  const err = nodeAccessError(deps, userId, nodeId);
  if (err) throw err;
  return { node: deps.store.getNode(nodeId)!, mapping: deps.store.getMapping(userId, nodeId)! };
}

export function callerId(userId: string | undefined): string {
  if (!userId) throw new ApiError(401, ErrorCodes.Unauthorized, "Authorization required");
  return userId;
}

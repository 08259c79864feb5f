/**
 * Matching of a legacy mapping request with the node's `user/mapping` report, whichever arrives first,
 * within the request window [spec 5.1: 1-minute window].
 */
import type { AppDeps } from "../../deps";
import type { MappingRequest } from "../../store/store";

export interface DeviceMappingReport {
  user_id: string;
  secret_key: string;
}

/** Confirms the request if a report with the same user id and secret key came in within the window. */
export function confirmFromEarlierReport(req: MappingRequest, deps: AppDeps): boolean {
  if (!req.nodeId || !req.secretKey) return false;
  const since = deps.clock.now() - deps.config.mappingRequestTtlMs;
  const match = deps.store
    .listNodeRecords(req.nodeId, "user_mapping")
    .some((r) => r.at >= since && isReport(r.data) && r.data.user_id === req.userId && r.data.secret_key === req.secretKey);
  if (match) deps.store.confirmMappingRequest(req.requestId, req.nodeId, deps.clock.now());
  return match;
}

function isReport(data: unknown): data is DeviceMappingReport {
  const d = data as Partial<DeviceMappingReport> | null;
  return typeof d === "object" && d !== null && typeof d.user_id === "string" && typeof d.secret_key === "string";
}

/** The cloud half of user-node association [spec 5.1, 5.2; cloud-rest-api 3]: raw token in Authorization. */
import { apiUrl, callJson } from "../cli/cloud-client/rest-client";

export interface CloudTarget {
  readonly baseUrl: string;
  readonly token: string;
}

const v1 = (cloud: CloudTarget, path: string): string => apiUrl(cloud.baseUrl, `/v1/${path}`);

export async function fetchUserId(cloud: CloudTarget): Promise<string> {
  const r = await callJson(v1(cloud, "user"), { method: "GET", token: cloud.token });
  const id = (r.body as { user_id?: unknown } | null)?.user_id;
  if (typeof id !== "string" || id === "") throw new Error("GET /v1/user did not return a user_id");
  return id;
}

/** Legacy: `PUT user/nodes/mapping` add; returns the request id. */
export async function requestMapping(cloud: CloudTarget, userId: string, nodeId: string, secretKey: string): Promise<string> {
  const r = await callJson(v1(cloud, "user/nodes/mapping"), {
    method: "PUT",
    token: cloud.token,
    body: { user_id: userId, node_id: nodeId, secret_key: secretKey, operation: "add" },
  });
  const id = (r.body as { request_id?: unknown } | null)?.request_id;
  if (typeof id !== "string" && typeof id !== "number") throw new Error("mapping request: reply lacks request_id");
  return String(id);
}

/** `GET user/nodes/mapping?&request_id=R` (the stray `&` as the CLI sends it). */
export async function mappingStatus(cloud: CloudTarget, requestId: string): Promise<string> {
  const r = await callJson(v1(cloud, `user/nodes/mapping?&request_id=${encodeURIComponent(requestId)}`), { method: "GET", token: cloud.token });
  const s = (r.body as { request_status?: unknown } | null)?.request_status;
  if (typeof s !== "string") throw new Error("mapping status: reply lacks request_status");
  return s;
}

export async function initiateChallenge(cloud: CloudTarget): Promise<{ requestId: string; challenge: string }> {
  const r = await callJson(v1(cloud, "user/nodes/mapping/initiate"), { method: "POST", token: cloud.token, body: { timeout: 360 } });
  const b = r.body as { request_id?: unknown; challenge?: unknown } | null;
  if (typeof b?.request_id !== "string" || typeof b.challenge !== "string") throw new Error("mapping initiate: reply lacks request_id/challenge");
  return { requestId: b.request_id, challenge: b.challenge };
}

export async function verifyChallenge(cloud: CloudTarget, requestId: string, nodeId: string, signatureHex: string): Promise<void> {
  await callJson(v1(cloud, "user/nodes/mapping/verify"), {
    method: "POST",
    token: cloud.token,
    body: { request_id: requestId, node_id: nodeId, challenge_response: signatureHex },
  });
}

/**
 * The whole loop against a running cloud, from the user's side: REST calls as the CLI makes them,
 * and a simulated device wired to provision (shortcut), host-claim and map itself to a user.
 */
import { randomUUID } from "node:crypto";
import type { WifiCredentials } from "../firmware/ports/wifi";
import { hostClaim } from "./host-claim";
import { createSimDevice, provisionShortcut } from "./device";
import type { SimDevice, SimDeviceOptions } from "./device";

export interface CloudEndpoints {
  /** REST base, e.g. `http://127.0.0.1:8080`. */
  http: string;
  /** HTTPS base of the claim service. */
  https: string;
  /** Dev CA PEM (HTTPS and MQTT server certificates). */
  caPem: string;
}

export interface RestReply {
  status: number;
  body: any;
}

/** One REST call with an optional access token; the body is parsed as JSON. */
export async function rest(base: string, method: string, path: string, token?: string, body?: unknown): Promise<RestReply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(new URL(path, base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = { notJson: text };
  }
  return { status: res.status, body: parsed };
}

/** `POST /v1/login2`; returns the access token. */
export async function login(base: string, userName: string, password: string): Promise<string> {
  const reply = await rest(base, "POST", "/v1/login2", undefined, { user_name: userName, password });
  if (reply.status !== 200 || typeof reply.body?.accesstoken !== "string") throw new Error(`login of ${userName} failed (${reply.status}): ${JSON.stringify(reply.body)}`);
  return reply.body.accesstoken as string;
}

/** The user's half of the legacy mapping [spec 5.1]: `PUT user/nodes/mapping`; returns the request id. */
export async function requestMapping(base: string, token: string, mapping: { userId: string; nodeId: string; secretKey: string }): Promise<string> {
  const reply = await rest(base, "PUT", "/v1/user/nodes/mapping", token, { user_id: mapping.userId, node_id: mapping.nodeId, secret_key: mapping.secretKey, operation: "add" });
  if (reply.status !== 200) throw new Error(`mapping request refused (${reply.status}): ${JSON.stringify(reply.body)}`);
  return String(reply.body.request_id);
}

/** Poll `GET user/nodes/mapping?&request_id=` until confirmed (or the deadline passes). */
export async function waitMappingConfirmed(base: string, token: string, requestId: string, timeoutMs = 20_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const reply = await rest(base, "GET", `/v1/user/nodes/mapping?&request_id=${encodeURIComponent(requestId)}`, token);
    if (reply.body?.request_status === "confirmed") return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export interface LoopDeviceOptions extends Omit<SimDeviceOptions, "claim" | "wifi"> {
  cloud: CloudEndpoints;
  token: string;
  userId: string;
  /** The network the device is told to join; also its whole radio environment. */
  network: WifiCredentials;
  /** Real provisioning (e.g. `softApProvisioning()`); default: the shortcut plus a REST mapping request. */
  provision?: SimDeviceOptions["provision"];
  /** Device-side claiming (e.g. the self-claim hook); default: host claim with the user's token. */
  claim?: SimDeviceOptions["claim"];
}

/**
 * A device that, on a fresh flash, is provisioned by the shortcut (Wi-Fi + user mapping secret),
 * host-claims through the claim service with the user's token, and whose mapping the user requests
 * over REST. Returns the device and the mapping request id (undefined when already provisioned).
 */
export async function createLoopDevice(options: LoopDeviceOptions): Promise<{ device: SimDevice; mappingRequest?: string }> {
  const secretKey = randomUUID();
  const env = { networks: [{ ssid: options.network.ssid, passphrase: options.network.passphrase }], connectDelayMs: 20, scanDelayMs: 20 };
  const device = createSimDevice({
    ...options,
    wifi: env,
    provision: options.provision ?? provisionShortcut(options.network, { userId: options.userId, secretKey }),
    claim: options.claim ?? ((d) => hostClaim(d.macBytes, { httpsUrl: options.cloud.https, caPem: options.cloud.caPem, token: options.token })),
  });
  const fresh = device.kv().keys("wifi_sta").length === 0;
  if (!fresh || options.provision) return { device };
  // the claim service binds node id = MAC on the first claim [spec 4.3]
  const mappingRequest = await requestMapping(options.cloud.http, options.token, { userId: options.userId, nodeId: device.factory.mac, secretKey });
  return { device, mappingRequest };
}

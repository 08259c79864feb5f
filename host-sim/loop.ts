/**
 * The whole loop against a running cloud, from the user's side: REST calls as the CLI makes them,
 * and a simulated device wired to provision (shortcut), claim and map itself to a user.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { WifiCredentials } from "../firmware/ports/wifi";
import { selfClaimHook } from "../firmware/core/claiming/agent-hooks";
import { loadCredentials } from "../firmware/core/claiming/credentials";
import { fromHex } from "../firmware/protocol/bytes";
import { provisioningHook } from "../firmware/core/provisioning/agent-hook";
import { hostClaim, pemBlocks } from "./host-claim";
import { createSimDevice, provisionShortcut } from "./device";
import type { SimDevice, SimDeviceOptions, SoftApInfo } from "./device";

export interface CloudEndpoints {
  /** REST base, e.g. `http://127.0.0.1:8080`. */
  http: string;
  /** HTTPS base of the claim service. */
  https: string;
  /** Dev CA PEM (HTTPS and MQTT server certificates). */
  caPem: string;
  /**
   * Registers a simulated device's MAC and factory secret in the cloud's factory batch, as
   * `xs-rainmaker factory import` does for a board's batch; the self claim needs it [spec 4.3].
   */
  registerFactory?: (device: { mac: string; secretHex: string }) => void | Promise<void>;
}

/**
 * How a simulated device gets its certificate. `self` (default) is the board's strategy: RSA-2048
 * made on the device, self claim with the factory secret [spec 4.3]. `server-key` is the host claim
 * with a key the claim service makes [spec 4.5], for fleets where a key generation per device is too slow.
 */
export type ClaimStrategy = "self" | "server-key";
export const ClaimStrategies: readonly ClaimStrategy[] = Object.freeze(["self", "server-key"]);

/** The part of a cloud's claim store that registers factory devices (the cloud stub's `claims`). */
export interface FactoryBatchStore {
  getFactoryDevice(mac: string): unknown;
  importFactoryDevices(devices: ReadonlyArray<{ mac: string; secretHex: string; pop: string; batch: string; importedAt: number }>): number;
}

/** {@link CloudEndpoints.registerFactory} for a cloud in this process: adds each new MAC to `batch`. */
export function factoryRegistrar(store: FactoryBatchStore, batch = "host-sim"): NonNullable<CloudEndpoints["registerFactory"]> {
  return ({ mac, secretHex }) => {
    if (store.getFactoryDevice(mac) === null) store.importFactoryDevices([{ mac, secretHex, pop: "", batch, importedAt: Date.now() }]);
  };
}

/** Parses a `--claim` value. */
export function claimStrategy(value: string): ClaimStrategy {
  if ((ClaimStrategies as readonly string[]).includes(value)) return value as ClaimStrategy;
  throw new Error(`--claim must be one of ${ClaimStrategies.join(", ")}, got ${JSON.stringify(value)}`);
}

export interface RestReply {
  status: number;
  body: any;
}

/**
 * One REST call with an optional access token; the body is parsed as JSON. Over node:http(s) on the
 * default keep-alive agent: `fetch` (undici) adds about 0.6 ms a call on this machine
 * (bench/control-roundtrip.ts measures from the call).
 */
export async function rest(base: string, method: string, path: string, token?: string, body?: unknown): Promise<RestReply> {
  const headers: Record<string, string | number> = {};
  if (token) headers.authorization = token;
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (data) {
    headers["content-type"] = "application/json";
    headers["content-length"] = data.byteLength;
  }
  const url = new URL(path, base);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = send(url, { method, headers, signal: AbortSignal.timeout(15_000) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(data);
  });
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = { notJson: text };
  }
  return { status, body: parsed };
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
  /** A claim hook of its own; default: the one of {@link LoopDeviceOptions.claimStrategy}. */
  claim?: SimDeviceOptions["claim"];
  /**
   * Default `self`, the board's strategy (README "Keys"). `assisted`: no device-side claim; the
   * provisioning client claims through `rmaker_claim` (use {@link assistedSoftApProvisioning}).
   */
  claimStrategy?: ClaimStrategy | "assisted";
}

/**
 * Real SoftAP provisioning on a loopback port with the assisted claim [spec 4.4]: the firmware's
 * `provisioningHook` as a board runs it (`rmaker_claim` served while the node has no credentials,
 * its RSA key made in the background), security 2 by default, `cloud_user_assoc` mapping.
 */
export function assistedSoftApProvisioning(options: { security?: 0 | 1 | 2; onReady?: (info: SoftApInfo) => void } = {}): NonNullable<SimDeviceOptions["provision"]> {
  return (device, platform) =>
    provisioningHook({
      nodeId: device.factory.mac,
      transport: "softap",
      security: options.security ?? 2,
      http: { port: 0, host: "127.0.0.1" },
      userMapping: "cloud_user_assoc",
      assistedClaim: true,
      onReady(p) {
        const port = p.httpPort();
        if (port === undefined) return;
        const info: SoftApInfo = { port, serviceName: p.identity.serviceName, pop: p.identity.pop, security: p.security, qr: p.qrPayload };
        device.log("info", `SoftAP ${info.serviceName} on 127.0.0.1:${port}, security ${info.security}, PoP ${info.pop}, assisted claim`);
        options.onReady?.(info);
      },
    })(platform);
}

function claimHook(options: LoopDeviceOptions): NonNullable<SimDeviceOptions["claim"]> {
  const { cloud } = options;
  if ((options.claimStrategy ?? "self") === "server-key") {
    return (d) => hostClaim(d.macBytes, { httpsUrl: cloud.https, caPem: cloud.caPem, token: options.token });
  }
  if (!cloud.registerFactory) throw new Error("the self claim needs the cloud's factory batch (registerFactory); use the server-key claim otherwise");
  const ca = pemBlocks(cloud.caPem, "CERTIFICATE");
  return (d, platform) => selfClaimHook({ baseUrl: cloud.https, ca, factorySecret: fromHex(d.factory.secretHex) })(platform);
}

/**
 * A device that, on a fresh flash, is provisioned by the shortcut (Wi-Fi + user mapping secret),
 * claims (default: self claim with a device-made RSA key, its factory secret registered in the
 * cloud's batch first), and whose mapping the user requests over REST. Returns the device and the
 * mapping request id (undefined when already provisioned).
 */
export async function createLoopDevice(options: LoopDeviceOptions): Promise<{ device: SimDevice; mappingRequest?: string }> {
  const secretKey = randomUUID();
  const env = { networks: [{ ssid: options.network.ssid, passphrase: options.network.passphrase }], connectDelayMs: 20, scanDelayMs: 20 };
  const device = createSimDevice({
    ...options,
    wifi: env,
    provision: options.provision ?? provisionShortcut(options.network, { userId: options.userId, secretKey }),
    ...(options.claim || options.claimStrategy !== "assisted" ? { claim: options.claim ?? claimHook(options) } : {}),
  });
  if (!options.claim && (options.claimStrategy ?? "self") === "self" && !loadCredentials(device.kv())) {
    await options.cloud.registerFactory!({ mac: device.factory.mac, secretHex: device.factory.secretHex });
  }
  const fresh = device.kv().keys("wifi_sta").length === 0;
  if (!fresh || options.provision) return { device };
  // the claim service binds node id = MAC on the first claim [spec 4.3]
  const mappingRequest = await requestMapping(options.cloud.http, options.token, { userId: options.userId, nodeId: device.factory.mac, secretKey });
  return { device, mappingRequest };
}

/**
 * Self claim [spec 4.3]: `claim/initiate` with the base MAC, HMAC-SHA512 of the challenge keyed by
 * the factory secret, then either `claim/verify` with a CSR of a device-generated key, or
 * `claim/server-key` (stub extension, HTTPS only) that returns a server-generated RSA key.
 */
import type { ClockPort } from "../../ports/clock";
import type { CryptoPort } from "../../ports/crypto";
import type { HttpClientPort } from "../../ports/http-client";
import type { KvPort } from "../../ports/kv";
import { toHex, utf8Encode } from "../../protocol/bytes";
import { pemToDerBlocks } from "../../protocol/der/pem";
import { ClaimPath } from "../../protocol/rainmaker/claim";
import type { NodeCredentials } from "./credentials";
import { ClaimError } from "./claim-error";
import { joinUrl, postClaimJson, replyString } from "./claim-http";
import type { ClaimHttpOptions } from "./claim-http";
import { checkIssuedCertificate } from "./issued-certificate";
import { nodeCsrPem, nodeKeyFromPkcs8, pendingOrNewKey, prepareNodeKey } from "./node-key";
import type { NodeKey } from "./node-key";

/** `device`: RSA-2048 made on the device, CSR sent; `server`: key made by the claim service, HTTPS only. */
export type KeySource = "device" | "server";

/** Default MQTT port when the reply names none [spec 3.1]. */
export const DEFAULT_MQTT_PORT = 8883;

export interface SelfClaimOptions {
  http: HttpClientPort;
  crypto: CryptoPort;
  /** Keeps the pending key of an unfinished claim. */
  kv: KvPort;
  /** Claim service base URL (`CONFIG_ESP_RMAKER_CLAIM_SERVICE_BASE_URL`). */
  baseUrl: string;
  /** CA (DER) of the claim service's HTTPS certificate. */
  ca?: Uint8Array[];
  /** Base MAC, 12 hex digits; the node id is its upper-case form [spec 4.3]. */
  mac: string;
  /** IDF target name, e.g. `esp32s3`. */
  platform: string;
  /** Factory HMAC key (eFuse unique id on ESP32-S2/S3/C3/C6). */
  factorySecret: Uint8Array;
  keySource: KeySource;
  /** Wall clock (for the certificate's validity check). */
  now: number;
  /** Overrides the CA taken from the reply's chain (the CA that signs the broker's certificate). */
  brokerCa?: Uint8Array;
  timeoutMs?: number;
  keyBits?: number;
  /** When given, a missing key is generated in slices on this clock (never blocking the loop for long). */
  clock?: ClockPort;
}

/** Node id from the base MAC: 12 upper-case hex [spec 4.1]. */
export function nodeIdFromMac(mac: string): string {
  const clean = mac.replace(/[:-]/g, "");
  if (!/^[0-9A-Fa-f]{12}$/.test(clean)) throw new ClaimError("not-possible", `MAC "${mac}" is not 12 hex digits`);
  return clean.toUpperCase();
}

/** MQTT endpoint of a verify reply: `mqtt_host` and the stub's optional `mqtt_port`. */
export function mqttEndpointOf(reply: Record<string, unknown>): { mqttHost: string; mqttPort: number } {
  const mqttHost = replyString(reply, "mqtt_host", 253);
  const port = reply["mqtt_port"];
  if (port !== undefined && (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new ClaimError("bad-reply", "claim reply has an invalid mqtt_port");
  }
  return { mqttHost, mqttPort: typeof port === "number" ? port : DEFAULT_MQTT_PORT };
}

/** Assembles credentials from a verify reply after checking the certificate against our identity and key. */
export function credentialsFromReply(reply: Record<string, unknown>, nodeId: string, key: NodeKey, now: number, brokerCa?: Uint8Array): NodeCredentials {
  const issued = checkIssuedCertificate(replyString(reply, "certificate"), nodeId, key.subjectPublicKeyInfo, now);
  const creds: NodeCredentials = { nodeId, certificate: issued.certificate, privateKey: key.pkcs8, ...mqttEndpointOf(reply) };
  const ca = brokerCa ?? issued.caCertificate;
  if (ca) creds.caCertificate = ca;
  if (issued.chain) creds.chain = issued.chain;
  return creds;
}

/** Runs one self claim; throws a {@link ClaimError}. Nothing is stored except the pending key. */
export async function selfClaim(o: SelfClaimOptions): Promise<NodeCredentials> {
  const nodeId = nodeIdFromMac(o.mac);
  if (o.factorySecret.length === 0) throw new ClaimError("not-possible", "no factory secret for self claim");
  if (o.keySource === "server" && !o.baseUrl.startsWith("https://")) {
    throw new ClaimError("not-possible", "server-generated keys are only fetched over HTTPS");
  }
  // The key comes first: its generation must not eat into the challenge's lifetime.
  const deviceKey = o.keySource === "device"
    ? o.clock ? await prepareNodeKey(o.kv, o.crypto, o.clock, undefined, o.keyBits) : pendingOrNewKey(o.kv, o.crypto, o.keyBits)
    : undefined;
  const http: ClaimHttpOptions = { http: o.http, ca: o.ca, timeoutMs: o.timeoutMs };
  const initiate = await postClaimJson(http, joinUrl(o.baseUrl, ClaimPath.Initiate), { mac_addr: nodeId, platform: o.platform });
  const authId = replyString(initiate, "auth_id", 63);
  const challenge = replyString(initiate, "challenge", 129);
  // [spec 4.3] 128 UPPERCASE hex of HMAC-SHA512(key = factory secret, msg = challenge string)
  const challengeResponse = toHex(o.crypto.hmac("SHA-512", o.factorySecret, utf8Encode(challenge)), true);
  if (o.keySource === "server") {
    const reply = await postClaimJson(http, joinUrl(o.baseUrl, "claim/server-key"), { auth_id: authId, challenge_response: challengeResponse });
    const replyNode = replyString(reply, "node_id", 64);
    if (replyNode !== nodeId) throw new ClaimError("wrong-identity", `claim service answered for node "${replyNode}", not "${nodeId}"`);
    let key: NodeKey;
    try {
      const block = pemToDerBlocks(replyString(reply, "private_key")).filter((b) => b.label === "PRIVATE KEY")[0];
      if (!block) throw new RangeError("no PRIVATE KEY block");
      key = nodeKeyFromPkcs8(block.der);
    } catch (error) {
      throw new ClaimError("bad-reply", `server key unusable: ${(error as Error).message}`);
    }
    return credentialsFromReply(reply, nodeId, key, o.now, o.brokerCa);
  }
  const key = deviceKey!;
  const csr = nodeCsrPem(nodeId, key, o.crypto).trimEnd();
  const reply = await postClaimJson(http, joinUrl(o.baseUrl, ClaimPath.Verify), { auth_id: authId, challenge_response: challengeResponse, csr });
  return credentialsFromReply(reply, nodeId, key, o.now, o.brokerCa);
}

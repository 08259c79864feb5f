/**
 * Claim service JSON bodies: self claim [spec 4.3] (device -> claim service) and host claim
 * [spec 4.5] (CLI -> claim service). Encoders validate their input (RangeError on bad MAC or
 * challenge response); decoders validate what they read and never throw.
 */
import { toHex } from "../bytes";
import { type Decoded, decodeMessage } from "./json-fields";
import { JsonWriter } from "./json-writer";
import { RAINMAKER_LIMITS } from "./limits";

/** Claim service paths, relative to the claim base URL [spec 4.3]. */
export const ClaimPath = Object.freeze({
  Initiate: "claim/initiate",
  Verify: "claim/verify",
} as const);

/** `node_policies` value for camera nodes [spec 4.3]. */
export const NODE_POLICY_VIDEOSTREAM = "videostream";

const MAC_PATTERN = /^[0-9A-F]{12}$/;
const HMAC_HEX_PATTERN = /^[0-9A-F]{128}$/;
const LIMITS = Object.freeze({ maxBytes: 16384, maxDepth: 2 });

/** 12 uppercase hex chars of a 6-byte MAC, the claim `mac_addr` form [spec 4.3]. */
export function macToClaimHex(mac: Uint8Array): string {
  if (mac.length !== 6) throw new RangeError(`MAC must be 6 bytes, got ${mac.length}`);
  return toHex(mac, true);
}

export interface ClaimInitiate {
  macAddr: string;
  platform: string;
}

/** `{"mac_addr":"<12 uppercase hex>","platform":"<idf target>"}` [spec 4.3, 4.5]. */
export function encodeClaimInitiate(m: ClaimInitiate): string {
  if (!MAC_PATTERN.test(m.macAddr)) throw new RangeError(`mac_addr must be 12 uppercase hex chars`);
  return new JsonWriter().beginObject().keyString("mac_addr", m.macAddr).keyString("platform", m.platform).endObject().toString();
}

/** Claim service side. */
export function decodeClaimInitiate(text: string): Decoded<ClaimInitiate> {
  return decodeMessage(text, "claim initiate", LIMITS, (f) => {
    const macAddr = f.string("mac_addr");
    if (!MAC_PATTERN.test(macAddr)) f.fail(`"mac_addr" must be 12 uppercase hex chars`);
    return { macAddr, platform: f.string("platform", { nonEmpty: true }) };
  });
}

/** Initiate response: self claim reads `auth_id` + `challenge`; host claim reads `node_id`. */
export interface ClaimInitiateResponse {
  authId?: string;
  challenge?: string;
  nodeId?: string;
}

export function encodeClaimInitiateResponse(m: ClaimInitiateResponse): string {
  const w = new JsonWriter().beginObject();
  if (m.nodeId !== undefined) w.keyString("node_id", m.nodeId);
  if (m.authId !== undefined) w.keyString("auth_id", m.authId);
  if (m.challenge !== undefined) w.keyString("challenge", m.challenge);
  return w.endObject().toString();
}

/** Device/CLI side: `auth_id` <= 63 and `challenge` <= 129 chars; at least node_id or auth_id+challenge. */
export function decodeClaimInitiateResponse(text: string): Decoded<ClaimInitiateResponse> {
  return decodeMessage(text, "claim initiate response", LIMITS, (f) => {
    const r: ClaimInitiateResponse = {};
    const authId = f.optString("auth_id", { nonEmpty: true, maxChars: RAINMAKER_LIMITS.claimAuthIdChars });
    const challenge = f.optString("challenge", { nonEmpty: true, maxChars: RAINMAKER_LIMITS.claimChallengeChars });
    const nodeId = f.optString("node_id", { nonEmpty: true });
    if (authId !== undefined) r.authId = authId;
    if (challenge !== undefined) r.challenge = challenge;
    if (nodeId !== undefined) r.nodeId = nodeId;
    if ((authId === undefined) !== (challenge === undefined)) f.fail(`"auth_id" and "challenge" come together`);
    if (authId === undefined && nodeId === undefined) f.fail(`missing "node_id" or "auth_id"/"challenge"`);
    return r;
  });
}

export interface ClaimVerify {
  /** Self claim only. */
  authId?: string;
  /** Self claim only: 128 UPPERCASE hex of HMAC-SHA512(eFuse key, challenge). */
  challengeResponse?: string;
  /** PEM CSR. */
  csr: string;
  nodePolicies?: string;
}

/**
 * Self claim: `{"auth_id","challenge_response","csr"[,"node_policies"]}`; host claim (no auth_id):
 * `{"csr"[,"node_policies"]}`. The CSR's final newline is removed and JSON escapes its newlines [spec 4.3].
 */
export function encodeClaimVerify(m: ClaimVerify): string {
  const w = new JsonWriter().beginObject();
  if ((m.authId === undefined) !== (m.challengeResponse === undefined)) throw new RangeError("auth_id and challenge_response come together");
  if (m.authId !== undefined) w.keyString("auth_id", m.authId);
  if (m.challengeResponse !== undefined) {
    if (!HMAC_HEX_PATTERN.test(m.challengeResponse)) throw new RangeError("challenge_response must be 128 uppercase hex chars");
    w.keyString("challenge_response", m.challengeResponse);
  }
  w.keyString("csr", m.csr.endsWith("\n") ? m.csr.slice(0, -1) : m.csr);
  if (m.nodePolicies !== undefined) w.keyString("node_policies", m.nodePolicies);
  return w.endObject().toString();
}

/** Claim service side. */
export function decodeClaimVerify(text: string): Decoded<ClaimVerify> {
  return decodeMessage(text, "claim verify", LIMITS, (f) => {
    const csr = f.string("csr", { nonEmpty: true });
    if (!csr.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) f.fail(`"csr" must be a PEM certificate request`);
    const m: ClaimVerify = { csr };
    const authId = f.optString("auth_id", { nonEmpty: true, maxChars: RAINMAKER_LIMITS.claimAuthIdChars });
    const resp = f.optString("challenge_response");
    if ((authId === undefined) !== (resp === undefined)) f.fail(`"auth_id" and "challenge_response" come together`);
    if (resp !== undefined && !HMAC_HEX_PATTERN.test(resp)) f.fail(`"challenge_response" must be 128 uppercase hex chars`);
    if (authId !== undefined) m.authId = authId;
    if (resp !== undefined) m.challengeResponse = resp;
    const policies = f.optString("node_policies");
    if (policies !== undefined) m.nodePolicies = policies;
    return m;
  });
}

export interface ClaimVerifyResponse {
  /** PEM certificate (chain). */
  certificate: string;
  mqttHost?: string;
  mqttCredHost?: string;
}

export function encodeClaimVerifyResponse(m: ClaimVerifyResponse): string {
  const w = new JsonWriter().beginObject().keyString("certificate", m.certificate);
  if (m.mqttHost !== undefined) w.keyString("mqtt_host", m.mqttHost);
  if (m.mqttCredHost !== undefined) w.keyString("mqtt_cred_host", m.mqttCredHost);
  return w.endObject().toString();
}

/** Device/CLI side: `certificate` must be PEM; optional `mqtt_host`, `mqtt_cred_host` [spec 4.3]. */
export function decodeClaimVerifyResponse(text: string): Decoded<ClaimVerifyResponse> {
  return decodeMessage(text, "claim verify response", LIMITS, (f) => {
    const certificate = f.string("certificate", { nonEmpty: true });
    if (!certificate.startsWith("-----BEGIN CERTIFICATE-----")) f.fail(`"certificate" must be a PEM certificate`);
    const r: ClaimVerifyResponse = { certificate };
    const host = f.optString("mqtt_host", { nonEmpty: true });
    const credHost = f.optString("mqtt_cred_host", { nonEmpty: true });
    if (host !== undefined) r.mqttHost = host;
    if (credHost !== undefined) r.mqttCredHost = credHost;
    return r;
  });
}

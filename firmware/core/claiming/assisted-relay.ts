/**
 * Client side of the assisted claim [spec 4.4]: what the phone app does, for our provisioning
 * client. It carries JSON between the device's `rmaker_claim` endpoint (through the secure session)
 * and the claim service (with the user's token). Wire it with the client's encrypted call:
 * `(body) => transport.send("rmaker_claim", security.encrypt(body)).then((r) => security.decrypt(r))`.
 */
import type { HttpClientPort } from "../../ports/http-client";
import { utf8Decode, utf8Encode } from "../../protocol/bytes";
import { decode, encode } from "../../protocol/protocomm/wire";
import { RMakerClaimMsgType, RMakerClaimPayload, RMakerClaimStatus } from "../../protocol/protocomm/schemas/claim";
import { enumValueName } from "../../protocol/protocomm/schema";
import { ClaimPath } from "../../protocol/rainmaker/claim";
import { ClaimError } from "./claim-error";
import { joinUrl, postClaimJson } from "./claim-http";

/** Sends one plaintext `rmaker_claim` request to the device and returns its plaintext reply. */
export type ClaimEndpointCall = (request: Uint8Array) => Promise<Uint8Array>;

/** The two claim-service calls of an assisted claim, made as the logged-in user. */
export interface AssistedClaimCloud {
  initiate(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  verify(body: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** {@link AssistedClaimCloud} over HTTP(S): `claim/initiate`, `claim/verify?matter=False` [spec 4.5]. */
export function claimCloudOverHttp(o: { http: HttpClientPort; baseUrl: string; accessToken: string; ca?: Uint8Array[]; timeoutMs?: number }): AssistedClaimCloud {
  const options = { http: o.http, ca: o.ca, timeoutMs: o.timeoutMs, authorization: o.accessToken };
  return {
    initiate: (body) => postClaimJson(options, joinUrl(o.baseUrl, ClaimPath.Initiate), body),
    verify: (body) => postClaimJson(options, joinUrl(o.baseUrl, `${ClaimPath.Verify}?matter=False`), body),
  };
}

/** Verify fragments sent to the device (< 3072 bytes each [spec 4.4]). */
const VERIFY_FRAGMENT_BYTES = 2048;
/** Init rounds before giving up on a CSR that never completes. */
const MAX_CSR_FRAGMENTS = 64;

interface Buf { Offset?: number; Payload?: Uint8Array; TotalLen?: number }

async function exchange(call: ClaimEndpointCall, msg: number, buf?: { Offset: number; Payload: Uint8Array; TotalLen: number }): Promise<Buf | undefined> {
  // An empty PayloadBuf keeps the body non-empty (protocomm refuses 0-byte bodies [spec 6.1]).
  const raw = await call(encode(RMakerClaimPayload, { msg, cmdPayload: buf ?? {} }));
  const r = decode(RMakerClaimPayload, raw);
  if (!r.ok) throw new ClaimError("bad-reply", `rmaker_claim: malformed device reply (${r.error.message})`);
  if (r.value.msg !== msg + 1) throw new ClaimError("bad-reply", `rmaker_claim: reply msg ${String(r.value.msg)} to request ${msg}`);
  const status = r.value.respPayload?.Status ?? RMakerClaimStatus.Success;
  if (status !== RMakerClaimStatus.Success) {
    throw new ClaimError("rejected", `rmaker_claim: device answered ${enumValueName(RMakerClaimStatus, status) ?? String(status)} to msg ${msg}`);
  }
  return r.value.respPayload?.Buf as Buf | undefined;
}

function jsonOf(bytes: Uint8Array, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(utf8Decode(bytes));
  } catch {
    throw new ClaimError("bad-reply", `rmaker_claim: ${what} is not JSON`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new ClaimError("bad-reply", `rmaker_claim: ${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

/**
 * Runs an assisted claim: Start, initiate, Init (CSR fragments), verify, Verify fragments. Returns the
 * node id. On any failure sends Abort (best effort) and rethrows a {@link ClaimError}.
 */
export async function relayAssistedClaim(call: ClaimEndpointCall, cloud: AssistedClaimCloud): Promise<{ nodeId: string }> {
  try {
    const start = await exchange(call, RMakerClaimMsgType.TypeCmdClaimStart);
    const startPayload = start?.Payload ?? new Uint8Array(0);
    if ((start?.TotalLen ?? startPayload.length) !== startPayload.length) throw new ClaimError("bad-reply", "rmaker_claim: Start reply is fragmented");
    const initiate = await cloud.initiate(jsonOf(startPayload, "Start reply"));
    const nodeId = initiate["node_id"];
    if (typeof nodeId !== "string" || nodeId.length === 0) throw new ClaimError("bad-reply", "claim/initiate reply lacks node_id");
    const initBytes = utf8Encode(JSON.stringify(initiate));
    let frag = await exchange(call, RMakerClaimMsgType.TypeCmdClaimInit, { Offset: 0, Payload: initBytes, TotalLen: initBytes.length });
    const total = frag?.TotalLen ?? 0;
    const csr = new Uint8Array(total);
    let received = 0;
    for (let round = 0; ; round++) {
      const payload = frag?.Payload ?? new Uint8Array(0);
      if ((frag?.Offset ?? 0) !== received || frag?.TotalLen !== total || received + payload.length > total || payload.length === 0) {
        throw new ClaimError("bad-reply", `rmaker_claim: CSR fragment at ${frag?.Offset ?? 0}/${frag?.TotalLen ?? 0} after ${received}/${total}`);
      }
      csr.set(payload, received);
      received += payload.length;
      if (received === total) break;
      if (round >= MAX_CSR_FRAGMENTS) throw new ClaimError("bad-reply", "rmaker_claim: CSR has too many fragments");
      frag = await exchange(call, RMakerClaimMsgType.TypeCmdClaimInit, { Offset: received, Payload: new Uint8Array(0), TotalLen: total });
    }
    const verified = utf8Encode(JSON.stringify(await cloud.verify(jsonOf(csr, "CSR"))));
    for (let off = 0; off < verified.length; off += VERIFY_FRAGMENT_BYTES) {
      const part = verified.slice(off, off + VERIFY_FRAGMENT_BYTES);
      await exchange(call, RMakerClaimMsgType.TypeCmdClaimVerify, { Offset: off, Payload: part, TotalLen: verified.length });
    }
    return { nodeId };
  } catch (error) {
    try {
      await exchange(call, RMakerClaimMsgType.TypeCmdClaimAbort);
    } catch {
      // the original error is what the caller needs
    }
    throw error;
  }
}

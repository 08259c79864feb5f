/**
 * Device side of the assisted claim [spec 4.4]: the `rmaker_claim` protocomm endpoint. The phone
 * (or our provisioning client, assisted-relay.ts) carries the JSON between this endpoint and the
 * claim service; the private key never leaves the device.
 */
import type { ClockPort } from "../../ports/clock";
import type { CryptoPort } from "../../ports/crypto";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { utf8Decode, utf8Encode } from "../../protocol/bytes";
import type { EndpointHandler } from "../../protocol/protocomm/endpoint";
import { encode } from "../../protocol/protocomm/wire";
import { decodeRequest } from "../../protocol/protocomm/handlers/decode-request";
import { RMakerClaimMsgType, RMakerClaimPayload, RMakerClaimStatus } from "../../protocol/protocomm/schemas/claim";
import type { NodeCredentials } from "./credentials";
import { saveCredentials } from "./credentials";
import { asClaimError } from "./claim-error";
import { nodeCsrPem, pendingOrNewKey, dropPendingKey } from "./node-key";
import type { NodeKey } from "./node-key";
import { credentialsFromReply, nodeIdFromMac } from "./self-claim";

/** Fragment sizes [spec 4.4]: CSR fragments <= 200 bytes; verify fragments < 3072 bytes. */
export const AssistedClaimLimits = Object.freeze({ csrFragmentBytes: 200, maxVerifyFragmentBytes: 3071, maxVerifyTotalBytes: 16384, maxInitBytes: 4096 });

export interface AssistedClaimOptions {
  kv: KvPort;
  crypto: CryptoPort;
  clock: ClockPort;
  log: LogPort;
  /** Base MAC (12 hex digits) sent in the Start reply. */
  mac: string;
  platform: string;
  /** Overrides the CA of the returned chain as the broker's CA. */
  brokerCa?: Uint8Array;
  keyBits?: number;
  /** Called once the credentials are stored. */
  onClaimed?(credentials: NodeCredentials): void;
}

type State =
  | { step: "idle" }
  | { step: "started" }
  | { step: "csr"; nodeId: string; key: NodeKey; csr: Uint8Array; sent: number }
  | { step: "verify"; nodeId: string; key: NodeKey; parts: Uint8Array[]; received: number; total: number }
  | { step: "done" };

function reply(msg: number, status: number, buf?: { Offset: number; Payload: Uint8Array; TotalLen: number }): Uint8Array {
  return encode(RMakerClaimPayload, { msg, respPayload: buf ? { Status: status, Buf: buf } : { Status: status } });
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(utf8Decode(bytes));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `rmaker_claim` endpoint handler; register it on the provisioning protocomm as `rmaker_claim`. */
export function createAssistedClaimHandler(o: AssistedClaimOptions): EndpointHandler {
  let state: State = { step: "idle" };
  const warn = (message: string): void => o.log.log("warn", "claim", `assisted claim: ${message}`);

  const fragment = (s: Extract<State, { step: "csr" }>, msg: number): Uint8Array => {
    const end = Math.min(s.csr.length, s.sent + AssistedClaimLimits.csrFragmentBytes);
    const buf = { Offset: s.sent, Payload: s.csr.slice(s.sent, end), TotalLen: s.csr.length };
    s.sent = end;
    return reply(msg, RMakerClaimStatus.Success, buf);
  };

  const init = (payload: Uint8Array, total: number | undefined): Uint8Array => {
    const msg = RMakerClaimMsgType.TypeRespClaimInit;
    if (state.step === "csr") {
      if (state.sent >= state.csr.length) return reply(msg, RMakerClaimStatus.InvalidState);
      return fragment(state, msg);
    }
    if (state.step !== "started") return reply(msg, RMakerClaimStatus.InvalidState);
    // [spec 4.4] the whole initiate response in one Init; its length must equal TotalLen
    if (payload.length > AssistedClaimLimits.maxInitBytes || (total !== undefined && total !== payload.length)) {
      warn(`Init payload of ${payload.length} bytes does not match TotalLen ${total}`);
      return reply(msg, RMakerClaimStatus.InvalidParam);
    }
    const initiate = parseJsonObject(payload);
    const nodeId = initiate?.["node_id"];
    if (typeof nodeId !== "string" || nodeId.length === 0 || nodeId.length > 64) {
      warn("Init payload has no node_id");
      return reply(msg, RMakerClaimStatus.InvalidParam);
    }
    let key: NodeKey;
    try {
      key = pendingOrNewKey(o.kv, o.crypto, o.keyBits);
    } catch (error) {
      o.log.log("error", "claim", `assisted claim: key unavailable: ${(error as Error).message}`);
      return reply(msg, RMakerClaimStatus.Fail);
    }
    const csr = utf8Encode(JSON.stringify({ csr: nodeCsrPem(nodeId, key, o.crypto).trimEnd(), send_mqtt_host: true }));
    const next: Extract<State, { step: "csr" }> = { step: "csr", nodeId, key, csr, sent: 0 };
    state = next;
    o.log.log("info", "claim", `assisted claim: CSR for node ${nodeId} ready (${csr.length} bytes)`);
    return fragment(next, msg);
  };

  const verify = (payload: Uint8Array, offset: number, total: number): Uint8Array => {
    const msg = RMakerClaimMsgType.TypeRespClaimVerify;
    if (state.step === "csr" && state.sent >= state.csr.length && offset === 0) {
      state = { step: "verify", nodeId: state.nodeId, key: state.key, parts: [], received: 0, total };
    }
    if (state.step !== "verify") return reply(msg, RMakerClaimStatus.InvalidState);
    if (offset !== state.received || total !== state.total || total > AssistedClaimLimits.maxVerifyTotalBytes ||
      payload.length > AssistedClaimLimits.maxVerifyFragmentBytes || state.received + payload.length > total) {
      warn(`Verify fragment at ${offset}/${total} does not follow ${state.received}/${state.total}`);
      return reply(msg, RMakerClaimStatus.InvalidParam);
    }
    state.parts.push(payload);
    state.received += payload.length;
    if (state.received < total) return reply(msg, RMakerClaimStatus.Success);
    const all = new Uint8Array(total);
    let pos = 0;
    for (const p of state.parts) {
      all.set(p, pos);
      pos += p.length;
    }
    const body = parseJsonObject(all);
    const s = state;
    state = { step: "csr", nodeId: s.nodeId, key: s.key, csr: new Uint8Array(0), sent: 0 };
    if (!body) {
      warn("Verify payload is not a JSON object");
      return reply(msg, RMakerClaimStatus.InvalidParam);
    }
    try {
      const creds = credentialsFromReply(body, s.nodeId, s.key, o.clock.now(), o.brokerCa);
      saveCredentials(o.kv, creds);
      dropPendingKey(o.kv);
      state = { step: "done" };
      o.log.log("info", "claim", `assisted claim: node ${creds.nodeId} claimed; credentials stored`);
      o.onClaimed?.(creds);
      return reply(msg, RMakerClaimStatus.Success);
    } catch (error) {
      const e = asClaimError(error);
      o.log.log("error", "claim", `assisted claim: certificate refused (${e.kind}): ${e.message}; the app may abort and start again`);
      return reply(msg, RMakerClaimStatus.Fail);
    }
  };

  return (body) => {
    const req = decodeRequest(RMakerClaimPayload, body);
    const buf = req.cmdPayload;
    switch (req.msg ?? RMakerClaimMsgType.TypeCmdClaimStart) {
      case RMakerClaimMsgType.TypeCmdClaimStart: {
        const start = utf8Encode(JSON.stringify({ mac_addr: nodeIdFromMac(o.mac), platform: o.platform }));
        state = { step: "started" };
        return reply(RMakerClaimMsgType.TypeRespClaimStart, RMakerClaimStatus.Success, { Offset: 0, Payload: start, TotalLen: start.length });
      }
      case RMakerClaimMsgType.TypeCmdClaimInit:
        return init(buf?.Payload ?? new Uint8Array(0), buf?.TotalLen);
      case RMakerClaimMsgType.TypeCmdClaimVerify:
        return verify(buf?.Payload ?? new Uint8Array(0), buf?.Offset ?? 0, buf?.TotalLen ?? 0);
      case RMakerClaimMsgType.TypeCmdClaimAbort:
        state = { step: "idle" };
        o.log.log("info", "claim", "assisted claim aborted by the client");
        return reply(RMakerClaimMsgType.TypeRespClaimAbort, RMakerClaimStatus.Success);
      default:
        throw new Error(`rmaker_claim: unsupported msg ${String(req.msg)}`);
    }
  };
}

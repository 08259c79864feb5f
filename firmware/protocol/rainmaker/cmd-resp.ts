/**
 * Command-response [spec 9.5]: TLV8 messages on `to-node` (requests) and `from-node` (responses),
 * and the JSON of command 1 (set params). Decoders validate and never throw.
 */
import { utf8Decode, utf8Encode } from "../bytes";
import type { NodeDescription } from "./description";
import { withCursor } from "./json-reader";
import { type ParamsDecodeResult, type ParamsSchema, decodeRemoteSet } from "./params";

/** TLV types [spec 9.5]. */
export const CmdTlv = Object.freeze({
  RequestId: 1,
  UserRole: 2,
  Status: 3,
  Timestamp: 4,
  Command: 5,
  Data: 6,
} as const);

/** Status byte [spec 9.5]. */
export const CmdStatus = Object.freeze({
  Success: 0,
  Failed: 1,
  Invalid: 2,
  AuthFail: 3,
  NotFound: 4,
} as const);
export type CmdStatusCode = (typeof CmdStatus)[keyof typeof CmdStatus];

/** User role bits (low nibble; the high nibble is a sub-role) [spec 9.5]. */
export const CmdRole = Object.freeze({
  SuperAdmin: 1,
  Primary: 2,
  Secondary: 4,
  Node: 8,
} as const);

/** Command ids: 1 = set params; custom commands start at 0x1000 [spec 9.5]. */
export const CmdId = Object.freeze({
  SetParams: 1,
  CustomBase: 0x1000,
} as const);

/** Roles allowed to run set params: admin, primary, secondary [spec 9.5]. */
export const SET_PARAMS_ROLES = CmdRole.SuperAdmin | CmdRole.Primary | CmdRole.Secondary;

const MAX_REQUEST_ID_CHARS = 31;
const CHUNK = 255;

export interface TlvItem {
  type: number;
  value: Uint8Array;
}

/** TLV8: type, length, value; values over 255 bytes are split into consecutive 255-byte chunks [spec 9.5]. */
export function encodeTlv(items: readonly TlvItem[]): Uint8Array {
  let size = 0;
  for (const it of items) {
    if (!Number.isInteger(it.type) || it.type < 0 || it.type > 255) throw new RangeError(`TLV type ${it.type} is not a byte`);
    size += Math.max(1, Math.ceil(it.value.length / CHUNK)) * 2 + it.value.length;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const it of items) {
    let at = 0;
    do {
      const n = Math.min(CHUNK, it.value.length - at);
      out[o++] = it.type;
      out[o++] = n;
      out.set(it.value.subarray(at, at + n), o);
      o += n;
      at += n;
    } while (at < it.value.length);
  }
  return out;
}

export type TlvResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses TLV8, joining a 255-byte chunk with the following items of the same type. Never throws. */
export function decodeTlv(bytes: Uint8Array): TlvResult<TlvItem[]> {
  const items: TlvItem[] = [];
  let i = 0;
  let continuing = false;
  while (i < bytes.length) {
    if (i + 2 > bytes.length) return { ok: false, error: `truncated TLV header at offset ${i}` };
    const type = bytes[i]!;
    const len = bytes[i + 1]!;
    if (i + 2 + len > bytes.length) return { ok: false, error: `TLV type ${type} at offset ${i} needs ${len} bytes, ${bytes.length - i - 2} left` };
    const value = bytes.subarray(i + 2, i + 2 + len);
    const last = items[items.length - 1];
    if (continuing && last && last.type === type) {
      const merged = new Uint8Array(last.value.length + len);
      merged.set(last.value);
      merged.set(value, last.value.length);
      last.value = merged;
    } else {
      items.push({ type, value: value.slice() });
    }
    continuing = len === CHUNK;
    i += 2 + len;
  }
  return { ok: true, value: items };
}

export interface CmdRequest {
  requestId: string;
  /** Role byte (CmdRole bits in the low nibble). */
  role: number;
  cmd: number;
  /** Epoch seconds, if sent. */
  timestamp?: number;
  data?: Uint8Array;
}

export interface CmdResponse {
  requestId: string;
  status: CmdStatusCode;
  cmd: number;
  data?: Uint8Array;
}

function u16le(n: number): Uint8Array {
  return new Uint8Array([n & 0xff, (n >> 8) & 0xff]);
}

function u32le(n: number): Uint8Array {
  return new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
}

function checkHeader(requestId: string, cmd: number): void {
  if (requestId.length === 0 || requestId.length > MAX_REQUEST_ID_CHARS) throw new RangeError(`request id must be 1..${MAX_REQUEST_ID_CHARS} chars`);
  if (!Number.isInteger(cmd) || cmd <= 0 || cmd > 0xffff) throw new RangeError(`command ${cmd} is not a non-zero uint16`);
}

/** Cloud side: request TLVs id, role, [timestamp], cmd (2 bytes little-endian), [data]. */
export function encodeCmdRequest(r: CmdRequest): Uint8Array {
  checkHeader(r.requestId, r.cmd);
  const items: TlvItem[] = [
    { type: CmdTlv.RequestId, value: utf8Encode(r.requestId) },
    { type: CmdTlv.UserRole, value: new Uint8Array([r.role & 0xff]) },
  ];
  if (r.timestamp !== undefined) items.push({ type: CmdTlv.Timestamp, value: u32le(r.timestamp) });
  items.push({ type: CmdTlv.Command, value: u16le(r.cmd) });
  if (r.data) items.push({ type: CmdTlv.Data, value: r.data });
  return encodeTlv(items);
}

/** Node side: response TLVs request id, status, cmd, [data] [spec 9.5]. */
export function encodeCmdResponse(r: CmdResponse): Uint8Array {
  checkHeader(r.requestId, r.cmd);
  const items: TlvItem[] = [
    { type: CmdTlv.RequestId, value: utf8Encode(r.requestId) },
    { type: CmdTlv.Status, value: new Uint8Array([r.status]) },
    { type: CmdTlv.Command, value: u16le(r.cmd) },
  ];
  if (r.data) items.push({ type: CmdTlv.Data, value: r.data });
  return encodeTlv(items);
}

function fields(bytes: Uint8Array): TlvResult<Map<number, Uint8Array>> {
  const t = decodeTlv(bytes);
  if (!t.ok) return t;
  const m = new Map<number, Uint8Array>();
  for (const it of t.value) {
    if (m.has(it.type)) return { ok: false, error: `TLV type ${it.type} repeated` };
    m.set(it.type, it.value);
  }
  return { ok: true, value: m };
}

function readHeader(m: Map<number, Uint8Array>): TlvResult<{ requestId: string; cmd: number }> {
  const id = m.get(CmdTlv.RequestId);
  if (!id || id.length === 0) return { ok: false, error: "missing request id" };
  const requestId = utf8Decode(id);
  if (requestId.length > MAX_REQUEST_ID_CHARS) return { ok: false, error: `request id longer than ${MAX_REQUEST_ID_CHARS} chars` };
  const c = m.get(CmdTlv.Command);
  if (!c || c.length !== 2) return { ok: false, error: "command must be 2 bytes" };
  const cmd = c[0]! | (c[1]! << 8);
  if (cmd === 0) return { ok: false, error: "command 0 is not allowed" };
  return { ok: true, value: { requestId, cmd } };
}

/** Node side: a request needs an id (<= 31 chars), a 1-byte role and a non-zero command [spec 9.5]. */
export function decodeCmdRequest(bytes: Uint8Array): TlvResult<CmdRequest> {
  const f = fields(bytes);
  if (!f.ok) return f;
  const h = readHeader(f.value);
  if (!h.ok) return h;
  const role = f.value.get(CmdTlv.UserRole);
  if (!role || role.length !== 1) return { ok: false, error: "user role must be 1 byte" };
  const r: CmdRequest = { requestId: h.value.requestId, role: role[0]!, cmd: h.value.cmd };
  const ts = f.value.get(CmdTlv.Timestamp);
  if (ts) {
    if (ts.length !== 4) return { ok: false, error: "timestamp must be 4 bytes" };
    r.timestamp = (ts[0]! | (ts[1]! << 8) | (ts[2]! << 16) | (ts[3]! << 24)) >>> 0;
  }
  const data = f.value.get(CmdTlv.Data);
  if (data) r.data = data;
  return { ok: true, value: r };
}

/** Cloud side. */
export function decodeCmdResponse(bytes: Uint8Array): TlvResult<CmdResponse> {
  const f = fields(bytes);
  if (!f.ok) return f;
  const h = readHeader(f.value);
  if (!h.ok) return h;
  const st = f.value.get(CmdTlv.Status);
  if (!st || st.length !== 1 || st[0]! > CmdStatus.NotFound) return { ok: false, error: "status must be one byte 0..4" };
  const r: CmdResponse = { requestId: h.value.requestId, status: st[0] as CmdStatusCode, cmd: h.value.cmd };
  const data = f.value.get(CmdTlv.Data);
  if (data) r.data = data;
  return { ok: true, value: r };
}

/** True when `role` may run set params (any of super-admin, primary, secondary bits). */
export function mayRunSetParams(role: number): boolean {
  return (role & SET_PARAMS_ROLES) !== 0;
}

/**
 * Command 1 data `{"params":{<params JSON>}}` [spec 9.5]: the inner document is validated with
 * `decodeRemoteSet` (same rules as `params/remote`). Never throws.
 */
export function decodeSetParamsCommand(data: Uint8Array, desc: NodeDescription | ParamsSchema): ParamsDecodeResult {
  const text = utf8Decode(data);
  const found = withCursor(text, { maxDepth: 64 }, (c) => {
    let span: [number, number] | undefined;
    c.enterObject(1);
    for (let key = c.nextKey(); key !== undefined; key = c.nextKey()) {
      if (key !== "params") {
        c.value(1);
        continue;
      }
      if (c.peek() !== "{") c.fail(`"params" must be an object`);
      const start = c.offset;
      c.value(1);
      span = [start, c.offset];
    }
    c.finish();
    return span;
  });
  const empty = Object.create(null) as ParamsDecodeResult["accepted"];
  if (!found.ok) return { accepted: empty, rejected: [], error: `set params command is not valid: ${found.error}` };
  if (!found.value) return { accepted: empty, rejected: [], error: `set params command has no "params" object` };
  return decodeRemoteSet(text.slice(found.value[0], found.value[1]), desc);
}

/** Command 1 response data `{"status":"success"|"fail","params":{<changed params>}}` [spec 9.5]. */
export function encodeSetParamsResponse(success: boolean, changedParamsJson: string): Uint8Array {
  return utf8Encode(`{"status":"${success ? "success" : "fail"}","params":${changedParamsJson}}`);
}

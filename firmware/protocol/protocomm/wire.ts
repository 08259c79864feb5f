/**
 * Table-driven proto3 codec (spec 6.3: "numbers are the wire contract"). Fields are written in
 * number order; proto3 defaults are omitted except for oneof members and set sub-messages.
 * Decoding is strict and never throws: it returns a `ProtoResult`.
 */
import { utf8Decode, utf8Encode } from "../bytes";
import { ByteReader } from "./byte-reader";
import { ByteWriter } from "./byte-writer";
import { ProtoError, type ProtoResult } from "./proto-error";
import type { MessageSchema, NamedField } from "./schema";

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

type Obj = Record<string, unknown>;

function isVarintKind(f: NamedField): boolean {
  return f.kind === "int32" || f.kind === "uint32" || f.kind === "bool" || f.kind === "enum";
}

function checkInt(f: NamedField, v: unknown, msg: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new ProtoError("invalid-value", `${msg}.${f.name}: expected an integer`);
  }
  if (f.kind === "uint32" ? v < 0 || v > 0xffffffff : v < -0x80000000 || v > 0x7fffffff) {
    throw new ProtoError("invalid-value", `${msg}.${f.name}: ${v} out of range for ${f.kind}`);
  }
  return v;
}

function writeVarintValue(w: ByteWriter, f: NamedField, v: unknown, msg: string): void {
  if (f.kind === "bool") {
    if (typeof v !== "boolean") throw new ProtoError("invalid-value", `${msg}.${f.name}: expected a boolean`);
    w.byte(v ? 1 : 0);
  } else if (f.kind === "uint32") {
    w.varint32(checkInt(f, v, msg));
  } else {
    w.int32(checkInt(f, v, msg));
  }
}

function lenBytes(f: NamedField, v: unknown, msg: string): Uint8Array {
  if (f.kind === "bytes") {
    if (!(v instanceof Uint8Array)) throw new ProtoError("invalid-value", `${msg}.${f.name}: expected bytes`);
    return v;
  }
  if (f.kind === "string") {
    if (typeof v !== "string") throw new ProtoError("invalid-value", `${msg}.${f.name}: expected a string`);
    return utf8Encode(v);
  }
  if (v === null || typeof v !== "object") {
    throw new ProtoError("invalid-value", `${msg}.${f.name}: expected a message object`);
  }
  return encodeInto(new ByteWriter(), f.message!, v as Obj).finish();
}

function isDefault(f: NamedField, v: unknown): boolean {
  switch (f.kind) {
    case "bool":
      return v === false;
    case "bytes":
      return v instanceof Uint8Array && v.length === 0;
    case "string":
      return v === "";
    case "message":
      return false;
    default:
      return v === 0;
  }
}

function encodeInto(w: ByteWriter, schema: MessageSchema<unknown>, value: Obj): ByteWriter {
  let oneofSeen: Record<string, string> | undefined;
  for (const f of schema.fields) {
    const v = value[f.name];
    if (v === undefined) continue;
    if (f.oneof !== undefined) {
      oneofSeen ??= {};
      const other = oneofSeen[f.oneof];
      if (other !== undefined) {
        throw new ProtoError("invalid-value", `${schema.name}: oneof ${f.oneof} has both ${other} and ${f.name}`);
      }
      oneofSeen[f.oneof] = f.name;
    }
    if (f.repeated) {
      if (!Array.isArray(v)) throw new ProtoError("invalid-value", `${schema.name}.${f.name}: expected an array`);
      if (v.length === 0) continue;
      if (isVarintKind(f)) {
        const packed = new ByteWriter();
        for (const item of v) writeVarintValue(packed, f, item, schema.name);
        const body = packed.finish();
        w.varint32((f.no << 3) | WIRE_LEN);
        w.varint32(body.length);
        w.bytes(body);
      } else {
        for (const item of v) {
          const body = lenBytes(f, item, schema.name);
          w.varint32((f.no << 3) | WIRE_LEN);
          w.varint32(body.length);
          w.bytes(body);
        }
      }
      continue;
    }
    // [spec 6.3, vectors README "Decoded protobuf views"] proto3 defaults are omitted, oneof members never.
    if (f.oneof === undefined && isDefault(f, v)) continue;
    if (isVarintKind(f)) {
      w.varint32((f.no << 3) | WIRE_VARINT);
      writeVarintValue(w, f, v, schema.name);
    } else {
      const body = lenBytes(f, v, schema.name);
      w.varint32((f.no << 3) | WIRE_LEN);
      w.varint32(body.length);
      w.bytes(body);
    }
  }
  return w;
}

/** Encodes `value` with `schema`. Throws `ProtoError("invalid-value")` for values the schema rejects. */
export function encode<T>(schema: MessageSchema<T>, value: T): Uint8Array {
  return encodeInto(new ByteWriter(), schema, value as Obj).finish();
}

function varintToValue(f: NamedField, raw: number): unknown {
  if (f.kind === "bool") return raw !== 0;
  if (f.kind === "uint32") return raw >>> 0;
  return raw | 0;
}

function skipField(r: ByteReader, wireType: number, at: number): void {
  switch (wireType) {
    case WIRE_VARINT:
      r.varint();
      return;
    case WIRE_I64:
      r.skip(8);
      return;
    case WIRE_LEN:
      r.skip(r.varint());
      return;
    case WIRE_I32:
      r.skip(4);
      return;
    default:
      throw new ProtoError("bad-wire-type", `unsupported wire type ${wireType}`, at);
  }
}

function decodeFrom(r: ByteReader, schema: MessageSchema<unknown>): Obj {
  const out: Obj = {};
  while (!r.done) {
    const at = r.pos;
    const key = r.varint();
    const no = key >>> 3;
    const wireType = key & 7;
    if (no === 0) throw new ProtoError("bad-field-number", "field number 0", at);
    const f = schema.fieldByNumber(no);
    if (f === undefined) {
      skipField(r, wireType, at);
      continue;
    }
    let value: unknown;
    if (isVarintKind(f)) {
      if (wireType === WIRE_LEN && f.repeated) {
        const body = r.take(r.varint());
        const sub = new ByteReader(body);
        const list = (out[f.name] as unknown[] | undefined) ?? [];
        while (!sub.done) list.push(varintToValue(f, sub.varint()));
        out[f.name] = list;
        continue;
      }
      if (wireType !== WIRE_VARINT) {
        throw new ProtoError("bad-wire-type", `${schema.name}.${f.name}: wire type ${wireType}, expected 0`, at);
      }
      value = varintToValue(f, r.varint());
    } else {
      if (wireType !== WIRE_LEN) {
        throw new ProtoError("bad-wire-type", `${schema.name}.${f.name}: wire type ${wireType}, expected 2`, at);
      }
      const len = r.varint();
      const start = r.pos;
      const body = r.take(len);
      if (f.kind === "bytes") value = body.slice();
      else if (f.kind === "string") value = utf8Decode(body);
      else {
        const prev = f.repeated ? undefined : out[f.name];
        const sub = decodeFrom(new ByteReader(r.buf, start, start + len), f.message!);
        // Proto3 merges repeated occurrences of a singular sub-message.
        value = prev !== undefined && typeof prev === "object" ? mergeInto(prev as Obj, sub) : sub;
      }
    }
    if (f.repeated) {
      const list = (out[f.name] as unknown[] | undefined) ?? [];
      list.push(value);
      out[f.name] = list;
    } else {
      if (f.oneof !== undefined) {
        for (const other of schema.fields) if (other.oneof === f.oneof && other !== f) delete out[other.name];
      }
      out[f.name] = value;
    }
  }
  return out;
}

function mergeInto(target: Obj, src: Obj): Obj {
  for (const k of Object.keys(src)) {
    const a = target[k];
    const b = src[k];
    if (Array.isArray(a) && Array.isArray(b)) target[k] = a.concat(b);
    else if (a && b && typeof a === "object" && typeof b === "object" && !(a instanceof Uint8Array)) {
      target[k] = mergeInto(a as Obj, b as Obj);
    } else target[k] = b;
  }
  return target;
}

/**
 * Decodes `bytes` with `schema`. Unknown fields are skipped; truncation, varint overflow, lengths
 * past the end and wrong wire types for known fields give `{ ok: false, error }`. Absent fields
 * stay absent (callers apply proto3 defaults with `??`).
 */
export function decode<T>(schema: MessageSchema<T>, bytes: Uint8Array): ProtoResult<T> {
  try {
    return { ok: true, value: decodeFrom(new ByteReader(bytes), schema) as T };
  } catch (e) {
    if (e instanceof ProtoError) return { ok: false, error: e };
    return { ok: false, error: new ProtoError("invalid-value", String(e)) };
  }
}

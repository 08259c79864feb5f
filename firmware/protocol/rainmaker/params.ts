/**
 * Params JSON [spec 2]: `{"<device>":{"<param>":<value>}}` for full reports, delta reports,
 * remote sets and local control. Encoders write node order and SDK value formats; the decoder
 * validates far more than the SDK does [spec 2.2 step 3] and never throws.
 */
import { utf8Length } from "../bytes";
import type { DataType, DeviceDescription, NodeDescription, ParamDescription, ParamsDocument, ParamValue } from "./description";
import { JsonCursor, JsonSyntaxError } from "./json-reader";
import { jsonParamValue, jsonString } from "./json-writer";
import { RAINMAKER_LIMITS } from "./limits";

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A param of a `ParamsSchema`, with its position and its pre-quoted `"name":` key. */
export interface SchemaParam {
  readonly param: ParamDescription;
  readonly index: number;
  readonly key: string;
}

/** A device or service of a `ParamsSchema`, with its position and pre-quoted `"name":{` opener. */
export interface SchemaDevice {
  readonly device: DeviceDescription;
  readonly index: number;
  readonly key: string;
  readonly params: readonly SchemaParam[];
  readonly byName: ReadonlyMap<string, SchemaParam>;
}

/** A node description indexed for params work; build once with `createParamsSchema` and reuse. */
export interface ParamsSchema {
  readonly kind: "params-schema";
  /** Devices then services, in node order [spec 1.1]. */
  readonly devices: readonly DeviceDescription[];
  readonly entries: readonly SchemaDevice[];
  readonly byName: ReadonlyMap<string, SchemaDevice>;
}

/** Indexes `desc` (a snapshot: rebuild it when the description changes). */
export function createParamsSchema(desc: NodeDescription): ParamsSchema {
  const devices = desc.devices.concat(desc.services);
  const byName = new Map<string, SchemaDevice>();
  const entries = devices.map((device, index): SchemaDevice => {
    const params = device.params.map((param, i): SchemaParam => ({ param, index: i, key: jsonString(param.name) + ":" }));
    const entry: SchemaDevice = { device, index, key: jsonString(device.name) + ":{", params, byName: new Map(params.map((p) => [p.param.name, p])) };
    byName.set(device.name, entry);
    return entry;
  });
  return Object.freeze({ kind: "params-schema", devices, entries, byName });
}

function schemaOf(desc: NodeDescription | ParamsSchema): ParamsSchema {
  return "kind" in desc && desc.kind === "params-schema" ? desc : createParamsSchema(desc as NodeDescription);
}

function encodeDoc(schema: ParamsSchema, values: ParamsDocument, allDevices: boolean): string {
  let out = "{";
  for (const e of schema.entries) {
    const dv = hasOwn(values, e.device.name) ? values[e.device.name] : undefined;
    if (!dv && !allDevices) continue;
    let body = "";
    if (dv) {
      for (const sp of e.params) {
        if (!hasOwn(dv, sp.param.name)) continue;
        body += (body ? "," : "") + sp.key + jsonParamValue(sp.param.dataType, dv[sp.param.name]!);
      }
    }
    if (!body && !allDevices) continue;
    out += (out.length > 1 ? "," : "") + e.key + body + "}";
  }
  return out + "}";
}

/**
 * Full report for `params/local/init` [spec 2.1]: every device and service in node order with
 * every param that has a value in `values`, regardless of the read property. A device whose
 * values are all absent is written as `{}`, as the SDK would for a device without params.
 */
export function encodeFullReport(desc: NodeDescription | ParamsSchema, values: ParamsDocument): string {
  return encodeDoc(schemaOf(desc), values, true);
}

/**
 * Params JSON of the entries in `doc` that the description knows, in node order, formatted by
 * each param's data type (bool, `%d`, `%.5f`, string, JSON) [spec 2.1]. Unknown names are skipped.
 * Used for remote sets (cloud side), notify alerts and local-control reads.
 */
export function encodeParams(desc: NodeDescription | ParamsSchema, doc: ParamsDocument): string {
  return encodeDoc(schemaOf(desc), doc, false);
}

/** Shortest report the SDK publishes: `{"D":{"P":1}}` [spec 2.1]. */
export const MIN_REPORT_LENGTH = RAINMAKER_LIMITS.minReportLength;

/**
 * Delta report for `params/local` [spec 2.1]: only the changed params; devices without changes
 * are omitted. Returns null when the text would be shorter than 13 bytes (the SDK skips it).
 */
export function encodeDeltaReport(desc: NodeDescription | ParamsSchema, changed: ParamsDocument): string | null {
  const text = encodeDoc(schemaOf(desc), changed, false);
  return text.length < MIN_REPORT_LENGTH ? null : text;
}

export interface ParamRejection {
  device: string;
  /** Absent when the whole device entry was rejected. */
  param?: string;
  reason: string;
}

export interface ParamsDecodeResult {
  /** Valid values in node order; containers have no prototype. Empty on a document error. */
  accepted: ParamsDocument;
  /** Rejected entries in input order. */
  rejected: ParamRejection[];
  /** Set when the whole document was refused (size, JSON syntax, nesting, top-level shape). */
  error?: string;
}

export interface ParamsDecodeOptions {
  /** Largest document in UTF-8 bytes (default RAINMAKER_LIMITS.paramsBytes). */
  maxBytes?: number;
  /** Longest string value in UTF-8 bytes (default RAINMAKER_LIMITS.stringBytes). */
  maxStringBytes?: number;
  /** Nesting allowed inside object/array values (default RAINMAKER_LIMITS.valueDepth). */
  maxValueDepth?: number;
  /** Refuse params without the write property (default true). */
  checkWrite?: boolean;
  /** Enforce bounds, step, valid_strs and array max count (default true). */
  checkConstraints?: boolean;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Largest finite C `float`; the device stores float params as float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

function isPlainObject(v: ParamValue): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function typeName(v: ParamValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function onStep(v: number, base: number, step: number, dataType: DataType): boolean {
  const k = Math.round((v - base) / step);
  const expected = base + k * step;
  if (dataType === "int") return expected === v;
  return Math.abs(expected - v) <= 1e-6 * Math.max(1, Math.abs(step));
}

/** Why `v` is not acceptable for `p`, or undefined when it is. */
function checkValue(p: ParamDescription, v: ParamValue, nonIntegerLiteral: boolean, o: Required<ParamsDecodeOptions>): string | undefined {
  if (o.checkWrite && !p.properties.write) return "param is not writable";
  switch (p.dataType) {
    case "bool":
      if (typeof v !== "boolean") return `expected bool (true/false), got ${typeName(v)}`;
      return undefined;
    case "int":
    case "float": {
      if (typeof v !== "number") return `expected ${p.dataType}, got ${typeName(v)}`;
      if (!Number.isFinite(v)) return "number out of range";
      if (p.dataType === "int") {
        if (nonIntegerLiteral || !Number.isInteger(v)) return "expected an integer literal (no fraction or exponent)";
        if (v < INT32_MIN || v > INT32_MAX) return "integer outside the int32 range";
      } else if (Math.abs(v) > FLOAT32_MAX) {
        return "number outside the float32 range";
      }
      const b = p.bounds;
      if (o.checkConstraints && b) {
        if (b.min !== undefined && v < b.min) return `below minimum ${b.min}`;
        if (b.max !== undefined && v > b.max) return `above maximum ${b.max}`;
        if (b.step !== undefined && b.step > 0 && !onStep(v, b.min ?? 0, b.step, p.dataType)) {
          return `not on step ${b.step} from ${b.min ?? 0}`;
        }
      }
      return undefined;
    }
    case "string":
      if (typeof v !== "string") return `expected string, got ${typeName(v)}`;
      if (v.length > o.maxStringBytes || utf8Length(v) > o.maxStringBytes) return `string longer than ${o.maxStringBytes} bytes`;
      if (o.checkConstraints && p.validStrs && !p.validStrs.includes(v)) return "not one of valid_strs";
      return undefined;
    case "object":
      if (!isPlainObject(v)) return `expected object, got ${typeName(v)}`;
      return undefined;
    case "array":
      if (!Array.isArray(v)) return `expected array, got ${typeName(v)}`;
      if (o.checkConstraints && p.bounds?.max !== undefined && v.length > p.bounds.max) return `more than ${p.bounds.max} elements`;
      return undefined;
  }
}

function documentError(error: string): ParamsDecodeResult {
  return { accepted: Object.create(null) as ParamsDocument, rejected: [], error };
}

/** Accepted values by device index, then param index (undefined = absent). */
type Found = (ParamValue[] | undefined)[];

function keep(found: Found, device: SchemaDevice, param: SchemaParam, v: ParamValue): void {
  (found[device.index] ??= new Array<ParamValue>(device.params.length))[param.index] = v;
}

/** Walks the document with a cursor (no intermediate objects, no per-call closures: this is the hot path). */
function walk(c: JsonCursor, schema: ParamsSchema, o: Required<ParamsDecodeOptions>, found: Found, rejected: ParamRejection[]): string | undefined {
  if (c.peek() !== "{") {
    const v = c.value(0);
    c.finish();
    return `params payload must be a JSON object, got ${typeName(v)}`;
  }
  c.enterObject(1);
  for (let device = c.nextKey(); device !== undefined; device = c.nextKey()) {
    const entry = schema.byName.get(device);
    if (!entry) {
      c.value(1);
      rejected.push({ device, reason: "unknown device or service" });
      continue;
    }
    if (c.peek() !== "{") {
      rejected.push({ device, reason: `device entry must be an object, got ${typeName(c.value(1))}` });
      continue;
    }
    c.enterObject(2);
    for (let param = c.nextKey(); param !== undefined; param = c.nextKey()) {
      const v = c.value(2);
      const sp = entry.byName.get(param);
      const reason = sp ? checkValue(sp.param, v, typeof v === "number" && c.lastNonInteger, o) : "unknown param";
      if (reason) rejected.push({ device, param, reason });
      else keep(found, entry, sp!, v);
    }
  }
  c.finish();
  return undefined;
}

function decode(text: string, desc: NodeDescription | ParamsSchema, opts: ParamsDecodeOptions, checkWrite: boolean, checkConstraints: boolean): ParamsDecodeResult {
  const o: Required<ParamsDecodeOptions> = {
    maxBytes: opts.maxBytes ?? RAINMAKER_LIMITS.paramsBytes,
    maxStringBytes: opts.maxStringBytes ?? RAINMAKER_LIMITS.stringBytes,
    maxValueDepth: opts.maxValueDepth ?? RAINMAKER_LIMITS.valueDepth,
    checkWrite: opts.checkWrite ?? checkWrite,
    checkConstraints: opts.checkConstraints ?? checkConstraints,
  };
  if (typeof text !== "string") return documentError("params payload must be text");
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short texts skip the byte count.
  if (text.length > o.maxBytes || (text.length * 3 > o.maxBytes && utf8Length(text) > o.maxBytes)) {
    return documentError(`params payload larger than ${o.maxBytes} bytes`);
  }
  const schema = schemaOf(desc);
  const found: Found = [];
  const rejected: ParamRejection[] = [];
  const cursor = new JsonCursor(text, { maxDepth: 2 + o.maxValueDepth });
  let problem: string | undefined;
  try {
    problem = walk(cursor, schema, o, found, rejected);
  } catch (e) {
    return documentError(`params payload is not valid JSON: ${e instanceof JsonSyntaxError ? e.message : String(e)}`);
  }
  if (problem !== undefined) return documentError(problem);
  const accepted = Object.create(null) as ParamsDocument;
  for (const e of schema.entries) {
    const values = found[e.index];
    if (!values) continue;
    const out = Object.create(null) as Record<string, ParamValue>;
    for (const sp of e.params) if (values[sp.index] !== undefined) out[sp.param.name] = values[sp.index]!;
    accepted[e.device.name] = out;
  }
  return { accepted, rejected };
}

/**
 * Decodes a remote set (`params/remote`, local control `params`, cmd-resp set params) against
 * the node description. Beyond the SDK [spec 2.2]: size limit, strict JSON, depth limit, unknown
 * devices/params, exact data types (bool only true/false, int only integer literals in int32),
 * write permission, bounds and step (value = min + k*step), valid_strs, string length, array max
 * count. Objects are prototype-free, so keys like `__proto__` stay plain data. Never throws.
 */
export function decodeRemoteSet(text: string, desc: NodeDescription | ParamsSchema, opts: ParamsDecodeOptions = {}): ParamsDecodeResult {
  return decode(text, desc, opts, true, true);
}

/**
 * Decodes a node's report (`params/local/init`, `params/local`) on the cloud side: same shape and
 * type checks, but read-only params are expected and bounds/valid_strs are not enforced (the
 * device owns its values). Never throws.
 */
export function decodeReport(text: string, desc: NodeDescription | ParamsSchema, opts: ParamsDecodeOptions = {}): ParamsDecodeResult {
  return decode(text, desc, opts, false, false);
}

/**
 * Node configuration JSON [spec 1]: the encoder writes the exact wire key order of spec 1.1-1.5;
 * the decoder validates a config received by the cloud and never throws.
 */
import { utf8Length } from "../bytes";
import { CONFIG_VERSION, PropertyName } from "./catalog";
import type { Attribute, DataType, DeviceDescription, NodeDescription, NodeInfo, ParamBounds, ParamDescription, ParamProperties, ParamValue } from "./description";
import { readJson } from "./json-reader";
import { JsonWriter, jsonFloat, jsonInt } from "./json-writer";
import { RAINMAKER_LIMITS } from "./limits";
import { isValidTopicId } from "./topics";

function writeAttributes(w: JsonWriter, attrs: readonly Attribute[]): void {
  w.key("attributes").beginArray();
  for (const a of attrs) w.beginObject().keyString("name", a.name).keyString("value", a.value).endObject();
  w.endArray();
}

function boundValue(dataType: DataType, n: number): string {
  return dataType === "float" ? jsonFloat(n) : jsonInt(n);
}

/**
 * `bounds` [spec 1.5]: min, max, step for int/float (step omitted when 0); array params only
 * `{"max":N}`. The SDK also drops a float step whose integer view is 0 (e.g. 0.5); we keep any
 * non-zero step because the apps use it.
 */
function writeBounds(w: JsonWriter, p: ParamDescription): void {
  const b = p.bounds;
  if (!b) return;
  if (p.dataType === "int" || p.dataType === "float") {
    if (b.min === undefined && b.max === undefined && !b.step) return;
    w.key("bounds").beginObject();
    if (b.min !== undefined) w.key("min").raw(boundValue(p.dataType, b.min));
    if (b.max !== undefined) w.key("max").raw(boundValue(p.dataType, b.max));
    if (b.step !== undefined && b.step !== 0) w.key("step").raw(boundValue(p.dataType, b.step));
    w.endObject();
  } else if (p.dataType === "array" && b.max !== undefined) {
    w.key("bounds").beginObject().key("max").int(b.max).endObject();
  }
}

function writeParam(w: JsonWriter, p: ParamDescription): void {
  w.beginObject().keyString("name", p.name);
  if (p.type !== undefined) w.keyString("type", p.type);
  w.keyString("data_type", p.dataType);
  // [spec 1.5] read, write, then time_series or simple_ts; persist never reported.
  w.key("properties").beginArray();
  if (p.properties.read) w.string(PropertyName.Read);
  if (p.properties.write) w.string(PropertyName.Write);
  if (p.properties.timeSeries) w.string(PropertyName.TimeSeries);
  else if (p.properties.simpleTimeSeries) w.string(PropertyName.SimpleTs);
  w.endArray();
  writeBounds(w, p);
  if (p.dataType === "string" && p.validStrs) {
    w.key("valid_strs").beginArray();
    for (const s of p.validStrs) w.string(s);
    w.endArray();
  }
  if (p.uiType !== undefined) w.keyString("ui_type", p.uiType);
  w.endObject();
}

/** [spec 1.4] name, type?, subtype?, model?, attributes?, primary?, params?. */
function writeDevice(w: JsonWriter, d: DeviceDescription): void {
  w.beginObject().keyString("name", d.name);
  if (d.type !== undefined) w.keyString("type", d.type);
  if (d.subtype !== undefined) w.keyString("subtype", d.subtype);
  if (d.model !== undefined) w.keyString("model", d.model);
  if (d.attributes && d.attributes.length > 0) writeAttributes(w, d.attributes);
  if (d.primary !== undefined) w.keyString("primary", d.primary);
  if (d.params.length > 0) {
    w.key("params").beginArray();
    for (const p of d.params) writeParam(w, p);
    w.endArray();
  }
  w.endObject();
}

/** [spec 1.2] name, fw_version, type, subtype?, readme? (non-empty), model, project_name, platform, secure_boot_digest?. */
function writeInfo(w: JsonWriter, info: NodeInfo): void {
  w.key("info").beginObject();
  w.keyString("name", info.name).keyString("fw_version", info.fwVersion).keyString("type", info.type);
  if (info.subtype !== undefined) w.keyString("subtype", info.subtype);
  if (info.readme) w.keyString("readme", info.readme);
  w.keyString("model", info.model).keyString("project_name", info.projectName).keyString("platform", info.platform);
  if (info.secureBootDigest) {
    w.key("secure_boot_digest").beginObject();
    for (const k of Object.keys(info.secureBootDigest)) {
      const v = info.secureBootDigest[k];
      w.key(k);
      if (typeof v === "string") w.string(v);
      else w.raw("null");
    }
    w.endObject();
  }
  w.endObject();
}

/** The node config JSON, compact, in wire key order [spec 1.1]. */
export function encodeNodeConfig(desc: NodeDescription): string {
  const w = new JsonWriter();
  w.beginObject().keyString("node_id", desc.nodeId).keyString("config_version", CONFIG_VERSION);
  writeInfo(w, desc.info);
  if (desc.attributes && desc.attributes.length > 0) writeAttributes(w, desc.attributes);
  // [spec 1.1] both arrays are emitted whenever at least one device or service exists.
  if (desc.devices.length > 0 || desc.services.length > 0) {
    w.key("devices").beginArray();
    for (const d of desc.devices) writeDevice(w, d);
    w.endArray();
    w.key("services").beginArray();
    for (const s of desc.services) writeDevice(w, s);
    w.endArray();
  }
  return w.endObject().toString();
}

/** The JSON one device/service or param contributes to the config (for size reports). */
export function encodeDeviceConfig(d: DeviceDescription): string {
  const w = new JsonWriter();
  writeDevice(w, d);
  return w.toString();
}

export function encodeParamConfig(p: ParamDescription): string {
  const w = new JsonWriter();
  writeParam(w, p);
  return w.toString();
}

export type SizeCheck = { ok: true; bytes: number; budget: number } | { ok: false; bytes: number; budget: number; error: string };

/**
 * Checks the encoded config against `budget` UTF-8 bytes (default RAINMAKER_LIMITS.nodeConfigBytes).
 * On failure the message names the largest devices/services and params with their sizes.
 */
export function checkNodeConfigSize(text: string, desc: NodeDescription, budget: number = RAINMAKER_LIMITS.nodeConfigBytes): SizeCheck {
  const bytes = utf8Length(text);
  if (bytes <= budget) return { ok: true, bytes, budget };
  const all = desc.devices.concat(desc.services);
  const devices = all.map((d) => ({ name: d.name, bytes: utf8Length(encodeDeviceConfig(d)) }));
  const params: { name: string; bytes: number }[] = [];
  for (const d of all) for (const p of d.params) params.push({ name: `${d.name}.${p.name}`, bytes: utf8Length(encodeParamConfig(p)) });
  const top = (xs: { name: string; bytes: number }[]): string =>
    xs.slice().sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((x) => `"${x.name}" ${x.bytes} B`).join(", ");
  return {
    ok: false,
    bytes,
    budget,
    error: `node config is ${bytes} bytes, over the ${budget}-byte budget by ${bytes - budget}; ` +
      `largest devices/services: ${top(devices) || "none"}; largest params: ${top(params) || "none"}`,
  };
}

// ---- decoding (cloud side) ----

type Obj = Record<string, ParamValue>;
class Invalid {
  constructor(readonly message: string) {}
}

function invalid(message: string): never {
  throw new Invalid(message);
}

function isObj(v: ParamValue | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

function str(o: Obj, key: string, where: string, required: true): string;
function str(o: Obj, key: string, where: string, required: false): string | undefined;
function str(o: Obj, key: string, where: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined) return required ? invalid(`${where}: missing "${key}"`) : undefined;
  if (typeof v !== "string") return invalid(`${where}: "${key}" must be a string`);
  return v;
}

function arr(o: Obj, key: string, where: string): ParamValue[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return invalid(`${where}: "${key}" must be an array`);
  return v;
}

function decodeAttributes(o: Obj, where: string): Attribute[] | undefined {
  const a = arr(o, "attributes", where);
  if (!a) return undefined;
  return a.map((x, i) => {
    const at = `${where} attribute ${i}`;
    if (!isObj(x)) return invalid(`${at} must be an object`);
    return { name: str(x, "name", at, true), value: str(x, "value", at, true) };
  });
}

const DATA_TYPES: readonly DataType[] = ["bool", "int", "float", "string", "object", "array"];

function decodeNumber(b: Obj, key: string, where: string, integer: boolean): number | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) return invalid(`${where}: bounds "${key}" must be a number`);
  if (integer && !Number.isInteger(v)) return invalid(`${where}: bounds "${key}" must be an integer`);
  return v;
}

function decodeParam(x: ParamValue, where: string): ParamDescription {
  if (!isObj(x)) return invalid(`${where} must be an object`);
  const name = str(x, "name", where, true);
  if (name.length === 0) invalid(`${where}: empty param name`);
  const at = `param "${name}" of ${where.replace(/ param \d+$/, "")}`;
  const type = str(x, "type", at, false);
  const dt = str(x, "data_type", at, true);
  if (!DATA_TYPES.includes(dt as DataType)) invalid(`${at}: unknown data_type "${dt}"`);
  const dataType = dt as DataType;
  const props = arr(x, "properties", at) ?? invalid(`${at}: missing "properties"`);
  const properties: ParamProperties = { read: false, write: false };
  const seen = new Set<string>();
  for (const p of props) {
    if (typeof p !== "string") invalid(`${at}: properties must be strings`);
    if (seen.has(p)) invalid(`${at}: duplicate property "${p}"`);
    seen.add(p);
    if (p === PropertyName.Read) properties.read = true;
    else if (p === PropertyName.Write) properties.write = true;
    else if (p === PropertyName.TimeSeries) properties.timeSeries = true;
    else if (p === PropertyName.SimpleTs) properties.simpleTimeSeries = true;
    else invalid(`${at}: unknown property "${p}"`);
  }
  if (properties.timeSeries && properties.simpleTimeSeries) invalid(`${at}: time_series and simple_ts are exclusive`);
  if ((properties.timeSeries || properties.simpleTimeSeries) && (dataType === "object" || dataType === "array")) {
    invalid(`${at}: time series is not allowed for ${dataType} params`); // [spec 2.4]
  }
  const p: ParamDescription = { name, dataType, properties };
  if (type !== undefined) p.type = type;
  const b = x["bounds"];
  if (b !== undefined) {
    if (!isObj(b)) invalid(`${at}: bounds must be an object`);
    if (dataType === "int" || dataType === "float") {
      const bounds: ParamBounds = {};
      const integer = dataType === "int";
      const min = decodeNumber(b, "min", at, integer);
      const max = decodeNumber(b, "max", at, integer);
      const step = decodeNumber(b, "step", at, integer);
      if (min !== undefined) bounds.min = min;
      if (max !== undefined) bounds.max = max;
      if (step !== undefined) bounds.step = step;
      if (min !== undefined && max !== undefined && min > max) invalid(`${at}: bounds min ${min} > max ${max}`);
      if (step !== undefined && step < 0) invalid(`${at}: bounds step must not be negative`);
      p.bounds = bounds;
    } else if (dataType === "array") {
      for (const k of Object.keys(b)) if (k !== "max") invalid(`${at}: array bounds take only "max"`);
      const max = decodeNumber(b, "max", at, true);
      if (max !== undefined) {
        if (max < 0) invalid(`${at}: bounds max must not be negative`);
        p.bounds = { max };
      }
    } else {
      invalid(`${at}: ${dataType} params cannot have bounds`);
    }
  }
  const vs = arr(x, "valid_strs", at);
  if (vs) {
    if (dataType !== "string") invalid(`${at}: valid_strs only for string params`);
    p.validStrs = vs.map((s) => (typeof s === "string" ? s : invalid(`${at}: valid_strs must be strings`)));
  }
  const ui = str(x, "ui_type", at, false);
  if (ui !== undefined) p.uiType = ui;
  return p;
}

function decodeDevice(x: ParamValue, where: string): DeviceDescription {
  if (!isObj(x)) return invalid(`${where} must be an object`);
  const name = str(x, "name", where, true);
  if (name.length === 0) invalid(`${where}: empty name`);
  const at = `"${name}"`;
  const d: DeviceDescription = { name, params: [] };
  const type = str(x, "type", at, false);
  const subtype = str(x, "subtype", at, false);
  const model = str(x, "model", at, false);
  if (type !== undefined) d.type = type;
  if (subtype !== undefined) d.subtype = subtype;
  if (model !== undefined) d.model = model;
  const attrs = decodeAttributes(x, at);
  if (attrs) d.attributes = attrs;
  const params = arr(x, "params", at) ?? [];
  const names = new Set<string>();
  for (let i = 0; i < params.length; i++) {
    const p = decodeParam(params[i]!, `${at} param ${i}`);
    if (names.has(p.name)) invalid(`${at}: duplicate param name "${p.name}"`);
    names.add(p.name);
    d.params.push(p);
  }
  const primary = str(x, "primary", at, false);
  if (primary !== undefined) {
    if (!names.has(primary)) invalid(`${at}: primary "${primary}" is not one of its params`);
    d.primary = primary;
  }
  return d;
}

function decodeInfo(x: ParamValue | undefined): NodeInfo {
  if (!isObj(x)) return invalid(`"info" must be an object`);
  const at = "info";
  const info: NodeInfo = {
    name: str(x, "name", at, true),
    fwVersion: str(x, "fw_version", at, true),
    type: str(x, "type", at, true),
    model: str(x, "model", at, false) ?? "",
    projectName: str(x, "project_name", at, false) ?? "",
    platform: str(x, "platform", at, false) ?? "",
  };
  const subtype = str(x, "subtype", at, false);
  const readme = str(x, "readme", at, false);
  if (subtype !== undefined) info.subtype = subtype;
  if (readme !== undefined) info.readme = readme;
  const sb = x["secure_boot_digest"];
  if (sb !== undefined) {
    if (!isObj(sb)) invalid(`info: "secure_boot_digest" must be an object`);
    const digest: Record<string, string | null> = {};
    for (const k of Object.keys(sb)) {
      const v = sb[k];
      if (v !== null && typeof v !== "string") invalid(`info: secure_boot_digest "${k}" must be a string or null`);
      Object.defineProperty(digest, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    info.secureBootDigest = digest;
  }
  return info;
}

export interface DecodeNodeConfigOptions {
  /** Largest accepted config in UTF-8 bytes. Default 131072: the AWS IoT Core MQTT message size limit (128 KB). */
  maxBytes?: number;
}

export type DecodeNodeConfigResult = { ok: true; value: NodeDescription } | { ok: false; error: string };

/**
 * Parses and validates a node config [spec 1]: required keys and types, known data types and
 * properties, bounds only where the SDK allows them, unique device/service names (they key the
 * params JSON) and param names, `primary` naming a param. Unknown keys are ignored. Never throws.
 */
export function decodeNodeConfig(text: string, opts: DecodeNodeConfigOptions = {}): DecodeNodeConfigResult {
  const maxBytes = opts.maxBytes ?? 131072;
  if (typeof text !== "string") return { ok: false, error: "node config must be a string" };
  if (text.length > maxBytes || utf8Length(text) > maxBytes) return { ok: false, error: `node config larger than ${maxBytes} bytes` };
  const parsed = readJson(text, { maxDepth: 6 });
  if (!parsed.ok) return { ok: false, error: `node config is not valid JSON: ${parsed.error}` };
  try {
    const root = parsed.value;
    if (!isObj(root)) return invalid("node config must be a JSON object");
    const nodeId = str(root, "node_id", "node config", true);
    if (!isValidTopicId(nodeId)) invalid(`invalid node_id "${nodeId}"`);
    const version = str(root, "config_version", "node config", true);
    if (version.length === 0) invalid(`empty config_version`);
    const desc: NodeDescription = { nodeId, info: decodeInfo(root["info"]), devices: [], services: [] };
    const attrs = decodeAttributes(root, "node");
    if (attrs) desc.attributes = attrs;
    const names = new Set<string>();
    for (const key of ["devices", "services"] as const) {
      const list = arr(root, key, "node config") ?? [];
      for (let i = 0; i < list.length; i++) {
        const d = decodeDevice(list[i]!, `${key} ${i}`);
        if (names.has(d.name)) invalid(`duplicate device/service name "${d.name}"`);
        names.add(d.name);
        desc[key].push(d);
      }
    }
    return { ok: true, value: desc };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    return { ok: false, error: `node config rejected: ${String(e)}` };
  }
}

/**
 * Time-series messages [spec 2.4]: `tsdata` (`ts_data_version` 2021-09-13, records per param) and
 * `simple_tsdata` (one value). Only bool/int/float/string params carry time series.
 */
import type { DataType, ParamValue } from "./description";
import { type Decoded, Fields, decodeMessage, isJsonObject } from "./json-fields";
import { JsonWriter, jsonParamValue } from "./json-writer";
import { RAINMAKER_LIMITS } from "./limits";

export const TS_DATA_VERSION = "2021-09-13";

export type TsDataType = Exclude<DataType, "object" | "array">;
const TS_TYPES: readonly string[] = ["bool", "int", "float", "string"];

export interface TsRecord {
  /** Epoch seconds. */
  t: number;
  v: ParamValue;
}

export interface TsSeries {
  /** `<device>.<param>`, at most 65 chars. */
  name: string;
  /** Param type string, if the param has one. */
  type?: string;
  dataType: TsDataType;
  records: TsRecord[];
}

export interface SimpleTsRecord {
  name: string;
  type?: string;
  dataType: TsDataType;
  t: number;
  v: ParamValue;
  /** Time to live in days, only if set. */
  d?: number;
}

/** The `<device>.<param>` series name; throws `RangeError` past 65 chars (the SDK refuses those too). */
export function tsName(device: string, param: string): string {
  const name = `${device}.${param}`;
  if (name.length > RAINMAKER_LIMITS.tsNameChars) throw new RangeError(`time-series name "${name}" longer than ${RAINMAKER_LIMITS.tsNameChars} chars`);
  return name;
}

function checkSeries(name: string, dataType: string): void {
  if (name.length > RAINMAKER_LIMITS.tsNameChars) throw new RangeError(`time-series name "${name}" longer than ${RAINMAKER_LIMITS.tsNameChars} chars`);
  if (!TS_TYPES.includes(dataType)) throw new RangeError(`time series not allowed for ${dataType} params`);
}

/**
 * `{"ts_data_version":"2021-09-13","ts_data":[{"name","type"?,"dt","records":[{"t","v"}]}]}` [spec 2.4].
 * Throws `RangeError` for names over 65 chars or object/array series (programming errors).
 */
export function encodeTsData(series: readonly TsSeries[]): string {
  const w = new JsonWriter().beginObject().keyString("ts_data_version", TS_DATA_VERSION).key("ts_data").beginArray();
  for (const s of series) {
    checkSeries(s.name, s.dataType);
    w.beginObject().keyString("name", s.name);
    if (s.type !== undefined) w.keyString("type", s.type);
    w.keyString("dt", s.dataType).key("records").beginArray();
    for (const r of s.records) w.beginObject().key("t").int(r.t).key("v").raw(jsonParamValue(s.dataType, r.v)).endObject();
    w.endArray().endObject();
  }
  return w.endArray().endObject().toString();
}

/** `{"name","type"?,"dt","t","v","d"?}` [spec 2.4]. */
export function encodeSimpleTsData(r: SimpleTsRecord): string {
  checkSeries(r.name, r.dataType);
  const w = new JsonWriter().beginObject().keyString("name", r.name);
  if (r.type !== undefined) w.keyString("type", r.type);
  w.keyString("dt", r.dataType).key("t").int(r.t).key("v").raw(jsonParamValue(r.dataType, r.v));
  if (r.d !== undefined) w.key("d").int(r.d);
  return w.endObject().toString();
}

const LIMITS = Object.freeze({ maxBytes: 16384, maxDepth: 5 });
const EPOCH_MAX = 2147483647;

function checkValue(f: Fields, dt: TsDataType, v: ParamValue | undefined): ParamValue {
  const ok = dt === "bool" ? typeof v === "boolean" : dt === "string" ? typeof v === "string" : typeof v === "number" && Number.isFinite(v) && (dt === "float" || Number.isInteger(v));
  if (!ok) return f.fail(`"v" is not a ${dt}`);
  return v!;
}

function readHead(f: Fields): { name: string; type?: string; dataType: TsDataType } {
  const name = f.string("name", { nonEmpty: true, maxChars: RAINMAKER_LIMITS.tsNameChars });
  if (name.indexOf(".") < 0) f.fail(`"name" must be <device>.<param>`);
  const dt = f.string("dt");
  if (!TS_TYPES.includes(dt)) f.fail(`unknown or disallowed "dt" "${dt}"`);
  const head: { name: string; type?: string; dataType: TsDataType } = { name, dataType: dt as TsDataType };
  const type = f.optString("type");
  if (type !== undefined) head.type = type;
  return head;
}

/** Cloud side `tsdata`: version must be 2021-09-13. Never throws. */
export function decodeTsData(text: string): Decoded<TsSeries[]> {
  return decodeMessage(text, "tsdata", LIMITS, (f) => {
    const version = f.string("ts_data_version");
    if (version !== TS_DATA_VERSION) f.fail(`unsupported ts_data_version "${version}"`);
    return f.array("ts_data").map((item, i) => {
      if (!isJsonObject(item)) return f.fail(`ts_data[${i}] must be an object`);
      const sf = new Fields(item, `tsdata.ts_data[${i}]`, f.nonIntegerPaths, `ts_data\u0000${i}`);
      const head = readHead(sf);
      const records = sf.array("records").map((rec, j) => {
        if (!isJsonObject(rec)) return sf.fail(`records[${j}] must be an object`);
        const rf = new Fields(rec, `tsdata.ts_data[${i}].records[${j}]`, f.nonIntegerPaths, `ts_data\u0000${i}\u0000records\u0000${j}`);
        return { t: rf.int("t", 0, EPOCH_MAX), v: checkValue(rf, head.dataType, rec["v"]) };
      });
      return { ...head, records };
    });
  });
}

/** Cloud side `simple_tsdata`. Never throws. */
export function decodeSimpleTsData(text: string): Decoded<SimpleTsRecord> {
  return decodeMessage(text, "simple_tsdata", LIMITS, (f) => {
    const r: SimpleTsRecord = { ...readHead(f), t: f.int("t", 0, EPOCH_MAX), v: null };
    r.v = checkValue(f, r.dataType, f.obj["v"]);
    const d = f.optInt("d", 0, 36500);
    if (d !== undefined) r.d = d;
    return r;
  });
}

import type { KvPort, KvValue } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { utf8Encode, utf8Length } from "../../protocol/bytes";
import { KV_LIMITS } from "../../protocol/limits";
import type { ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import { checkParamValue } from "../model/validate";

/** KV namespace of persisted params (<= 15 chars, `KV_LIMITS.maxNameLength`). */
export const PARAM_NAMESPACE = "xsr_params";

const KEY_PREFIX = "p";

/**
 * Flash key of a persisted param: `p` + FNV-1a-32 of the UTF-8 bytes of `device \x1f param`, in
 * base 36, zero-padded to 7 chars: always 8 chars, within the 15-char NVS limit, stable across
 * builds and independent of declaration order. Collisions are detected when the node runtime is
 * built (it throws and names both params), never silently shared.
 */
export function persistKey(device: string, param: string): string {
  let hash = 0x811c9dc5;
  for (const byte of utf8Encode(`${device}\u001f${param}`)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return KEY_PREFIX + hash.toString(36).padStart(7, "0");
}

/**
 * How a value is held in KV (Preference has no floats and 4000-byte values):
 * bool -> boolean; int -> int32 number; float -> decimal string (`String(n)`, which reads back to the
 * same number); string -> itself; object/array -> JSON text. Returns an error string when the value cannot be stored.
 */
export function encodeForKv(description: Readonly<ParamDescription>, value: ParamValue): KvValue | { error: string } {
  let stored: KvValue;
  switch (description.dataType) {
    case "bool":
    case "int":
      stored = value as boolean | number;
      break;
    case "float":
      stored = String(value);
      break;
    case "string":
      stored = value as string;
      break;
    default:
      stored = JSON.stringify(value);
  }
  if (typeof stored === "string") {
    const bytes = utf8Length(stored);
    if (bytes > KV_LIMITS.maxValueBytes) return { error: `value is ${bytes} bytes, over the ${KV_LIMITS.maxValueBytes}-byte flash limit` };
  }
  return stored;
}

/** Inverse of {@link encodeForKv}; undefined when the stored value does not fit the param any more. */
export function decodeFromKv(description: Readonly<ParamDescription>, stored: KvValue): ParamValue | undefined {
  let value: unknown;
  switch (description.dataType) {
    case "bool":
    case "int":
      value = stored;
      break;
    case "float":
      value = typeof stored === "string" && stored.trim() !== "" ? Number(stored) : undefined;
      break;
    case "string":
      value = stored;
      break;
    default:
      if (typeof stored !== "string") return undefined;
      try {
        value = JSON.parse(stored);
      } catch {
        return undefined;
      }
  }
  return checkParamValue(description, value) === undefined ? (value as ParamValue) : undefined;
}

/** Reads and writes persist-flagged params [spec 2.2 step 6]. Failures are logged, never thrown. */
export interface ParamStore {
  /** The stored value, or undefined (absent, or unusable: then it is logged and deleted). */
  load(device: string, description: Readonly<ParamDescription>, key: string): ParamValue | undefined;
  /** Store a value; false (and logged) when it cannot be stored. A value too big also removes the old copy. */
  save(device: string, description: Readonly<ParamDescription>, key: string, value: ParamValue): boolean;
  /** Delete stored params whose key is not in `liveKeys` (renamed or removed params). */
  sweep(liveKeys: ReadonlySet<string>): void;
}

const where = (device: string, description: Readonly<ParamDescription>): string => `${device}.${description.name}`;

class KvParamStore implements ParamStore {
  readonly #kv: KvPort;
  readonly #log: LogPort;
  readonly #namespace: string;

  constructor(kv: KvPort, log: LogPort, namespace: string) {
    this.#kv = kv;
    this.#log = log;
    this.#namespace = namespace;
  }

  #remove(key: string): void {
    try {
      this.#kv.delete(this.#namespace, key);
    } catch (error) {
      this.#log.log("error", "params", `cannot delete flash key ${key}: ${String(error)}`);
    }
  }

  load(device: string, description: Readonly<ParamDescription>, key: string): ParamValue | undefined {
    let stored: KvValue | undefined;
    try {
      stored = this.#kv.get(this.#namespace, key);
    } catch (error) {
      this.#log.log("error", "params", `cannot read ${where(device, description)}: ${String(error)}`);
      return undefined;
    }
    if (stored === undefined) return undefined;
    const value = decodeFromKv(description, stored);
    if (value === undefined) {
      this.#log.log("warn", "params", `stored ${where(device, description)} does not fit the param (${description.dataType}); using the default`);
      this.#remove(key);
    }
    return value;
  }

  save(device: string, description: Readonly<ParamDescription>, key: string, value: ParamValue): boolean {
    const stored = encodeForKv(description, value);
    if (typeof stored === "object" && !(stored instanceof Uint8Array)) {
      this.#log.log("warn", "params", `${where(device, description)} not persisted: ${stored.error}`);
      this.#remove(key);
      return false;
    }
    try {
      this.#kv.set(this.#namespace, key, stored);
      return true;
    } catch (error) {
      this.#log.log("error", "params", `cannot persist ${where(device, description)}: ${String(error)}`);
      return false;
    }
  }

  sweep(liveKeys: ReadonlySet<string>): void {
    let keys: string[];
    try {
      keys = this.#kv.keys(this.#namespace);
    } catch (error) {
      this.#log.log("error", "params", `cannot list flash keys: ${String(error)}`);
      return;
    }
    for (const key of keys) if (key.startsWith(KEY_PREFIX) && !liveKeys.has(key)) this.#remove(key);
  }
}

export function createParamStore(kv: KvPort, log: LogPort, namespace = PARAM_NAMESPACE): ParamStore {
  return new KvParamStore(kv, log, namespace);
}

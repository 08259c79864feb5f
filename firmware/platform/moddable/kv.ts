import Preference from "preference";
import { utf8Length } from "../../protocol/bytes";
import { KV_LIMITS } from "../../protocol/limits";
import type { KvPort, KvValue } from "../../ports/kv";
import { fromArrayBuffer, messageOf, toArrayBuffer } from "./buffers";
import { KvError } from "./kv-error";

function checkName(what: string, name: string): void {
  if (typeof name !== "string" || name.length === 0) throw new KvError("bad-value", `${what} must be a non-empty string`);
  if (name.length > KV_LIMITS.maxNameLength) {
    throw new KvError("name-too-long", `${what} "${name}" is ${name.length} chars; the limit is ${KV_LIMITS.maxNameLength}`);
  }
}

/** Converts a port value to what `Preference.set` stores, enforcing the NVS limits first. */
function toStored(where: string, value: KvValue): boolean | number | string | ArrayBuffer {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new KvError("bad-value", `${where}: float unsupported (${value})`);
    if (value < KV_LIMITS.minInt || value > KV_LIMITS.maxInt) throw new KvError("bad-value", `${where}: ${value} is outside int32`);
    return value;
  }
  if (typeof value === "string") {
    const size = utf8Length(value);
    if (size > KV_LIMITS.maxValueBytes) throw new KvError("value-too-large", `${where}: ${size} bytes; the limit is ${KV_LIMITS.maxValueBytes}`);
    return value;
  }
  if (value instanceof Uint8Array) {
    if (value.length > KV_LIMITS.maxValueBytes) throw new KvError("value-too-large", `${where}: ${value.length} bytes; the limit is ${KV_LIMITS.maxValueBytes}`);
    return toArrayBuffer(value);
  }
  throw new KvError("bad-value", `${where}: unsupported value type ${value === null ? "null" : typeof value}`);
}

/**
 * {@link KvPort} on `preference` (NVS on ESP32, a JSON file on the simulator). Limits from
 * `KV_LIMITS` are checked before touching flash, so the simulator build fails like the board.
 */
export function createKv(): KvPort {
  return {
    get(namespace, key) {
      checkName("namespace", namespace);
      checkName("key", key);
      const value = Preference.get(namespace, key);
      return value instanceof ArrayBuffer ? fromArrayBuffer(value) : value;
    },
    set(namespace, key, value) {
      checkName("namespace", namespace);
      checkName("key", key);
      const stored = toStored(`${namespace}/${key}`, value);
      try {
        Preference.set(namespace, key, stored);
      } catch (error) {
        throw new KvError("io", `${namespace}/${key}: ${messageOf(error)}`);
      }
    },
    delete(namespace, key) {
      checkName("namespace", namespace);
      checkName("key", key);
      Preference.delete(namespace, key);
    },
    keys(namespace) {
      checkName("namespace", namespace);
      return Preference.keys(namespace);
    },
  };
}

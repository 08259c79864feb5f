import type { KvErrorShape, KvPort, KvValue } from "../../firmware/ports/kv";
import { KV_LIMITS } from "../../firmware/protocol/limits";
import { utf8Length } from "../../firmware/protocol/bytes";

/** Whole store contents: namespace -> key -> value. */
export type KvSnapshot = Record<string, Record<string, KvValue>>;

/** The error every KV implementation throws, with a machine-readable `code`. */
export class KvError extends Error implements KvErrorShape {
  constructor(readonly code: KvErrorShape["code"], message: string) {
    super(message);
    this.name = "KvError";
  }
}

function checkName(what: string, name: unknown): void {
  if (typeof name !== "string" || name.length === 0) throw new KvError("bad-value", `${what} must be a non-empty string`);
  // [moddable.md Preference] domain and key <= 15 chars
  if (name.length > KV_LIMITS.maxNameLength) {
    throw new KvError("name-too-long", `${what} "${name}" is ${name.length} chars; the limit is ${KV_LIMITS.maxNameLength}`);
  }
}

/** Throws the {@link KvError} the board would throw for this write; returns nothing when it is allowed. */
export function checkKvWrite(namespace: string, key: string, value: unknown): void {
  checkName("namespace", namespace);
  checkName("key", key);
  if (typeof value === "boolean") return;
  if (typeof value === "number") {
    // [moddable.md Preference] non-integer numbers throw "float unsupported"; integers are i32
    if (!Number.isInteger(value)) throw new KvError("bad-value", `${namespace}/${key}: float unsupported (${value})`);
    if (value < KV_LIMITS.minInt || value > KV_LIMITS.maxInt) throw new KvError("bad-value", `${namespace}/${key}: ${value} is outside int32`);
    return;
  }
  let size: number;
  if (typeof value === "string") size = utf8Length(value);
  else if (value instanceof Uint8Array) size = value.length;
  else throw new KvError("bad-value", `${namespace}/${key}: unsupported value type ${value === null ? "null" : typeof value}`);
  if (size > KV_LIMITS.maxValueBytes) {
    throw new KvError("value-too-large", `${namespace}/${key}: ${size} bytes; the limit is ${KV_LIMITS.maxValueBytes}`);
  }
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyValue(value: KvValue): KvValue {
  return value instanceof Uint8Array ? Uint8Array.prototype.slice.call(value) as Uint8Array : value;
}

function copySnapshot(source: KvSnapshot): KvSnapshot {
  const out: KvSnapshot = {};
  for (const ns of Object.keys(source)) {
    const entries: Record<string, KvValue> = {};
    for (const key of Object.keys(source[ns]!)) define(entries, key, copyValue(source[ns]![key]!));
    define(out, ns, entries);
  }
  return out;
}

/** Options for {@link createMemoryKv}. */
export interface MemoryKvOptions {
  /** Starting contents (copied). */
  initial?: KvSnapshot;
  /**
   * Called with the complete new contents before a write is committed; if it throws, the write
   * is rolled back and fails with code `io` (this is how the flash-file adapter persists).
   */
  persist?: (snapshot: KvSnapshot) => void;
}

/** In-memory KV store with a control surface for tests. */
export interface MemoryKv extends KvPort {
  /** A deep copy of everything stored. */
  snapshot(): KvSnapshot;
  /** Number of committed writes and deletes (flash wear indicator). */
  writeCount(): number;
}

/** In-memory {@link KvPort} enforcing `KV_LIMITS`; values are copied in and out. */
export function createMemoryKv(options: MemoryKvOptions = {}): MemoryKv {
  let data = copySnapshot(options.initial ?? {});
  let writes = 0;
  // closures keep only the callback: holding `options` would keep the initial image alive beside `data`
  const persist = options.persist;

  const commit = (next: KvSnapshot): void => {
    if (persist) {
      try {
        persist(next);
      } catch (error) {
        throw new KvError("io", `flash write failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    data = next;
    writes++;
  };

  return {
    get(namespace, key) {
      const value = own(own(data, namespace), key);
      return value === undefined ? undefined : copyValue(value);
    },
    set(namespace, key, value) {
      checkKvWrite(namespace, key, value);
      const next: KvSnapshot = { ...data, [namespace]: { ...own(data, namespace), [key]: copyValue(value) } };
      commit(next);
    },
    delete(namespace, key) {
      if (own(own(data, namespace), key) === undefined) return;
      const entries = { ...own(data, namespace) };
      delete entries[key];
      const next: KvSnapshot = { ...data };
      if (Object.keys(entries).length === 0) delete next[namespace];
      else next[namespace] = entries;
      commit(next);
    },
    keys: (namespace) => Object.keys(own(data, namespace) ?? {}),
    snapshot: () => copySnapshot(data),
    writeCount: () => writes,
  };
}

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { Decoder, encode } from "cbor-x";
import type { KvValue } from "../../firmware/ports/kv";
import { KvError, createMemoryKv, type KvSnapshot, type MemoryKv } from "../fakes/kv";
import { writeFileAtomic, type AtomicWriteHooks } from "./atomic-file";

/** Options for the host {@link createKv}. */
export interface HostKvOptions {
  /** The device's flash file (CBOR); created on the first write. */
  file: string;
  /** Power-cut simulation for tests. */
  hooks?: AtomicWriteHooks;
}

const decoder = new Decoder({ mapsAsObjects: false });

function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function entriesOf(raw: unknown): [unknown, unknown][] | undefined {
  if (raw instanceof Map) return [...raw.entries()];
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && !(raw instanceof Uint8Array)) return Object.entries(raw);
  return undefined;
}

function fromCbor(raw: unknown, file: string): KvSnapshot {
  const namespaces = entriesOf(raw);
  if (!namespaces) throw new KvError("io", `${file}: not a KV flash image`);
  const out: KvSnapshot = {};
  for (const [ns, entries] of namespaces) {
    const pairs = entriesOf(entries);
    if (typeof ns !== "string" || !pairs) throw new KvError("io", `${file}: namespace ${String(ns)} is not a map`);
    const copy: Record<string, KvValue> = {};
    for (const [key, value] of pairs) {
      if (typeof key !== "string") throw new KvError("io", `${file}: ${ns} has a non-string key`);
      if (value instanceof Uint8Array) define(copy, key, new Uint8Array(value));
      else if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") define(copy, key, value);
      else throw new KvError("io", `${file}: ${ns}/${key} has an unsupported stored type`);
    }
    define(out, ns, copy);
  }
  return out;
}

/** Read a flash file written by {@link createKv}; empty when the file does not exist. */
export function readKvFile(file: string): KvSnapshot {
  if (!existsSync(file)) return {};
  return fromCbor(decoder.decode(readFileSync(file)), file);
}

/** {@link KvPort} persisted as one CBOR file per device, replaced atomically on every write. */
export function createKv(options: HostKvOptions): MemoryKv {
  mkdirSync(dirname(options.file), { recursive: true });
  return createMemoryKv({
    initial: readKvFile(options.file),
    persist: (snapshot) => writeFileAtomic(options.file, encode(snapshot), options.hooks),
  });
}

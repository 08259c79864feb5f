/** A value the key-value store can hold. Numbers must be integers (NVS has no floats). */
export type KvValue = boolean | number | string | Uint8Array;


/** Thrown by a {@link KvPort} when a limit is broken or the flash cannot be written. */
export interface KvErrorShape extends Error { readonly code: "name-too-long" | "value-too-large" | "bad-value" | "io" }

/**
 * Persistent namespaced key-value storage (NVS). Moddable: `preference`; host: one CBOR flash file
 * per device. Writes are durable when the call returns (a power cut after it keeps the value;
 * a power cut during it keeps either the old or the new value, never a torn one).
 */
export interface KvPort {
  /** Read a value; `undefined` when absent. */
  get(namespace: string, key: string): KvValue | undefined;
  /** Write a value. Throws (code `name-too-long`, `value-too-large`, `bad-value`) past the limits in `protocol/limits.ts` (`KV_LIMITS`). */
  set(namespace: string, key: string, value: KvValue): void;
  /** Remove a key; absent keys are ignored. */
  delete(namespace: string, key: string): void;
  /** Keys currently stored in a namespace, in no particular order. */
  keys(namespace: string): string[];
}

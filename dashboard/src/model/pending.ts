/**
 * Tracks param writes from the page: pending after the PUT was accepted, applied when the node echoes
 * the param on `params/local` [spec 2.2 step 5], failed on a per-node failure or when no echo came in
 * time (a device that rejects a value does not echo it).
 */
import type { ParamValue, ParamsDoc } from "./node-config";

export type WriteState =
  | { state: "pending"; value: ParamValue }
  | { state: "applied"; value: ParamValue; adjusted: boolean }
  | { state: "failed"; value: ParamValue; reason: string };

export type WriteListener = (key: string, state: WriteState) => void;

export const PendingTimeoutMs = 10_000;

export function paramKey(device: string, param: string): string {
  return `${device}\u0000${param}`;
}

export function sameValue(a: ParamValue, b: ParamValue): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-4;
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Entry {
  value: ParamValue;
  since: number;
}

export class PendingWrites {
  private readonly open = new Map<string, Entry>();

  constructor(
    private readonly onChange: WriteListener,
    private readonly timeoutMs: number = PendingTimeoutMs,
  ) {}

  get size(): number {
    return this.open.size;
  }

  started(device: string, param: string, value: ParamValue, now: number): void {
    const key = paramKey(device, param);
    this.open.set(key, { value, since: now });
    this.onChange(key, { state: "pending", value });
  }

  /** The PUT answered failure for the node (description from the per-node result). */
  refused(device: string, param: string, reason: string): void {
    const key = paramKey(device, param);
    const entry = this.open.get(key);
    if (!entry) return;
    this.open.delete(key);
    this.onChange(key, { state: "failed", value: entry.value, reason });
  }

  /** A params report from the node: every open write it mentions is settled. */
  reported(doc: ParamsDoc): void {
    for (const [key, entry] of [...this.open]) {
      const [device, param] = key.split("\u0000") as [string, string];
      const reported = doc[device];
      if (!reported || !Object.hasOwn(reported, param)) continue;
      const value = reported[param] as ParamValue;
      this.open.delete(key);
      this.onChange(key, { state: "applied", value, adjusted: !sameValue(value, entry.value) });
    }
  }

  /** Fails writes older than the timeout; call periodically. */
  expire(now: number): void {
    for (const [key, entry] of [...this.open]) {
      if (now - entry.since < this.timeoutMs) continue;
      this.open.delete(key);
      this.onChange(key, {
        state: "failed",
        value: entry.value,
        reason: `No confirmation from the node within ${Math.round(this.timeoutMs / 1000)} s (offline, or it rejected the value)`,
      });
    }
  }
}

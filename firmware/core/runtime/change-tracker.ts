import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { ParamValue, ParamsDocument } from "../../protocol/rainmaker/description";
import type { ChangeSource } from "./change-source";

/** One committed param change. */
export interface ParamChange {
  readonly device: string;
  readonly param: string;
  readonly value: ParamValue;
  readonly source: ChangeSource;
}

/**
 * Coalesces changes into one delta report (latest value per param) [spec 2.1 "Delta report"].
 * The delta goes to `onDelta` listeners `debounceMs` after the first pending change, or to whoever
 * calls `takeDelta()` first.
 */
export interface ChangeTracker {
  /** Commit a change: observers see it; with `pending` (default) it joins the next delta. */
  record(change: ParamChange, pending?: boolean): void;
  /** Drop a param from the pending delta (its newer value went out another way, e.g. an echo). */
  discard(device: string, param: string): void;
  /** The pending delta, cleared; undefined when nothing changed. */
  takeDelta(): ParamsDocument | undefined;
  /** Number of params in the pending delta. */
  pending(): number;
  onDelta(listener: (delta: ParamsDocument) => void): () => void;
  onChange(listener: (change: ParamChange) => void): () => void;
  /** Cancel the debounce timer. */
  close(): void;
}

export function createChangeTracker(clock: ClockPort, debounceMs: number): ChangeTracker {
  let pendingDoc = new Map<string, Map<string, ParamValue>>();
  let timer: TimerHandle | undefined;
  const deltaListeners = new Set<(delta: ParamsDocument) => void>();
  const changeListeners = new Set<(change: ParamChange) => void>();

  const count = (): number => {
    let n = 0;
    for (const params of pendingDoc.values()) n += params.size;
    return n;
  };

  const take = (): ParamsDocument | undefined => {
    clock.clear(timer);
    timer = undefined;
    if (count() === 0) return undefined;
    const doc: ParamsDocument = {};
    for (const [device, params] of pendingDoc) {
      if (params.size === 0) continue;
      const out: Record<string, ParamValue> = {};
      for (const [param, value] of params) out[param] = value;
      doc[device] = out;
    }
    pendingDoc = new Map();
    return doc;
  };

  const fire = (): void => {
    timer = undefined;
    if (deltaListeners.size === 0) return;
    const doc = take();
    if (doc) for (const listener of [...deltaListeners]) listener(doc);
  };

  return {
    record(change, pending = true) {
      if (pending) {
        let params = pendingDoc.get(change.device);
        if (!params) pendingDoc.set(change.device, (params = new Map()));
        params.delete(change.param);
        params.set(change.param, change.value);
        if (timer === undefined) timer = clock.setTimeout(fire, debounceMs);
      }
      for (const listener of [...changeListeners]) listener(change);
    },
    discard(device, param) {
      pendingDoc.get(device)?.delete(param);
    },
    takeDelta: take,
    pending: count,
    onDelta(listener) {
      deltaListeners.add(listener);
      return () => deltaListeners.delete(listener);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    close() {
      clock.clear(timer);
      timer = undefined;
    },
  };
}

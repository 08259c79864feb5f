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

type Listener<T> = (value: T) => void;

/** Adds `listener` to a lazily created list; returns the list and an unsubscribe. */
function subscribe<T>(list: Listener<T>[] | undefined, listener: Listener<T>): [Listener<T>[], () => boolean] {
  const out = list ?? [];
  if (!out.includes(listener)) out.push(listener);
  return [out, () => {
    const i = out.indexOf(listener);
    if (i >= 0) out.splice(i, 1);
    return i >= 0;
  }];
}

class PendingChanges implements ChangeTracker {
  readonly #clock: ClockPort;
  readonly #debounceMs: number;
  /** Latest value per param by device, in first-change order; undefined when nothing is pending. */
  #pending: Map<string, Map<string, ParamValue>> | undefined;
  #timer: TimerHandle | undefined;
  #deltaListeners: Listener<ParamsDocument>[] | undefined;
  #changeListeners: Listener<ParamChange>[] | undefined;
  #fire: (() => void) | undefined;

  constructor(clock: ClockPort, debounceMs: number) {
    this.#clock = clock;
    this.#debounceMs = debounceMs;
  }

  record(change: ParamChange, pending = true): void {
    if (pending) {
      const all = (this.#pending ??= new Map());
      let params = all.get(change.device);
      if (!params) all.set(change.device, (params = new Map()));
      params.delete(change.param);
      params.set(change.param, change.value);
      if (this.#timer === undefined) this.#timer = this.#clock.setTimeout((this.#fire ??= () => this.#flush()), this.#debounceMs);
    }
    const listeners = this.#changeListeners;
    if (listeners && listeners.length > 0) for (const listener of listeners.slice()) listener(change);
  }

  discard(device: string, param: string): void {
    this.#pending?.get(device)?.delete(param);
  }

  pending(): number {
    let n = 0;
    if (this.#pending) for (const params of this.#pending.values()) n += params.size;
    return n;
  }

  takeDelta(): ParamsDocument | undefined {
    this.#clock.clear(this.#timer);
    this.#timer = undefined;
    const all = this.#pending;
    this.#pending = undefined;
    if (!all) return undefined;
    let doc: ParamsDocument | undefined;
    for (const [device, params] of all) {
      if (params.size === 0) continue;
      const out: Record<string, ParamValue> = {};
      for (const [param, value] of params) out[param] = value;
      (doc ??= {})[device] = out;
    }
    return doc;
  }

  #flush(): void {
    this.#timer = undefined;
    const listeners = this.#deltaListeners;
    if (!listeners || listeners.length === 0) return;
    const doc = this.takeDelta();
    if (doc) for (const listener of listeners.slice()) listener(doc);
  }

  onDelta(listener: Listener<ParamsDocument>): () => void {
    const [list, off] = subscribe(this.#deltaListeners, listener);
    this.#deltaListeners = list;
    return off;
  }

  onChange(listener: Listener<ParamChange>): () => void {
    const [list, off] = subscribe(this.#changeListeners, listener);
    this.#changeListeners = list;
    return off;
  }

  close(): void {
    this.#clock.clear(this.#timer);
    this.#timer = undefined;
  }
}

export function createChangeTracker(clock: ClockPort, debounceMs: number): ChangeTracker {
  return new PendingChanges(clock, debounceMs);
}

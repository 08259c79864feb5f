import type { ClockPort, TimerHandle } from "../../firmware/ports/clock";

interface ManualTimer {
  readonly id: number;
  due: number;
  readonly repeatMs: number | undefined;
  readonly callback: () => void;
}

/** A clock whose time only moves when the test says so. */
export interface ManualClock extends ClockPort {
  /** Move time forward by `ms`, running every timer that falls due, in due order (ties: creation order). */
  advance(ms: number): void;
  /** Jump to the next due timer and run it; false when no timer is pending. */
  advanceToNext(): boolean;
  /** Timers still scheduled. */
  pendingTimers(): number;
  /** Set the wall clock (as SNTP would); monotonic time is unaffected. */
  setWallClock(epochMs: number): void;
}

/** Options for {@link createManualClock}. */
export interface ManualClockOptions {
  /** Wall-clock time at monotonic 0 (default 0: an unsynced board). */
  epochMs?: number;
}

/** In-memory {@link ClockPort} driven by `advance(ms)`. Uses no host timers, so it also runs on XS. */
export function createManualClock(options: ManualClockOptions = {}): ManualClock {
  let monotonic = 0;
  let wallOffset = options.epochMs ?? 0;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();

  const schedule = (callback: () => void, ms: number, repeatMs: number | undefined): TimerHandle => {
    if (typeof callback !== "function") throw new TypeError("timer callback must be a function");
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: ManualTimer = { id: nextId++, due: monotonic + delay, repeatMs, callback };
    timers.set(timer.id, timer);
    return { id: timer.id };
  };

  const nextDue = (): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const timer of timers.values()) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  };

  const fire = (timer: ManualTimer): void => {
    if (timer.repeatMs === undefined) timers.delete(timer.id);
    else timer.due += Math.max(timer.repeatMs, 1);
    timer.callback();
  };

  return {
    now: () => wallOffset + monotonic,
    monotonic: () => monotonic,
    setTimeout: (callback, ms) => schedule(callback, ms, undefined),
    setInterval: (callback, ms) => schedule(callback, ms, Number.isFinite(ms) && ms > 0 ? ms : 1),
    clear(handle) {
      if (handle && typeof handle === "object" && "id" in handle) timers.delete((handle as { id: number }).id);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(${ms}): ms must be >= 0`);
      const target = monotonic + ms;
      for (let timer = nextDue(); timer && timer.due <= target; timer = nextDue()) {
        monotonic = timer.due;
        fire(timer);
      }
      monotonic = target;
    },
    advanceToNext() {
      const timer = nextDue();
      if (!timer) return false;
      monotonic = Math.max(monotonic, timer.due);
      fire(timer);
      return true;
    },
    pendingTimers: () => timers.size,
    setWallClock(epochMs) {
      wallOffset = epochMs - monotonic;
    },
  };
}

/** The host timer functions a {@link driveClock} loop needs (passed in, so this file stays host-free). */
export interface HostTicker {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * Accelerated mode: advance a manual clock by `tickMs * speed` every `tickMs` of host time, so a
 * simulated device lives hours in minutes while tests can still pause it (stop) and step it (advance).
 * Returns the stop function.
 */
export function driveClock(clock: ManualClock, options: { speed: number; tickMs?: number; host: HostTicker }): () => void {
  const { speed, host } = options;
  const tickMs = options.tickMs ?? 10;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  if (!(tickMs > 0)) throw new RangeError(`tickMs must be > 0, got ${tickMs}`);
  const handle = host.setInterval(() => clock.advance(tickMs * speed), tickMs);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    host.clearInterval(handle);
  };
}

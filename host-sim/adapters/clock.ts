import type { ClockPort, TimerHandle } from "../../firmware/ports/clock";

/** Options for the host {@link createClock}. */
export interface HostClockOptions {
  /**
   * Time acceleration: with `speed` 60 a 60 s device timer fires after 1 s of real time and
   * `now()`/`monotonic()` run 60 times faster. Default 1.
   */
  speed?: number;
  /** Wall-clock time at boot (default: the host's `Date.now()`). */
  epochMs?: number;
}

/** {@link ClockPort} on Node timers, optionally accelerated. */
export function createClock(options: HostClockOptions = {}): ClockPort {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  const bootReal = performance.now();
  const bootEpoch = options.epochMs ?? Date.now();
  const monotonic = (): number => (performance.now() - bootReal) * speed;
  const hostDelay = (ms: number): number => (Number.isFinite(ms) && ms > 0 ? ms / speed : 0);
  return {
    now: () => bootEpoch + monotonic(),
    monotonic,
    setTimeout: (callback, ms) => setTimeout(callback, hostDelay(ms)),
    setInterval: (callback, ms) => setInterval(callback, Math.max(hostDelay(ms), 1)),
    clear(handle: TimerHandle | undefined) {
      if (handle !== undefined) clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

/** Opaque handle returned by {@link ClockPort.setTimeout} / {@link ClockPort.setInterval}. */
export type TimerHandle = object | number;

/**
 * Time and timers. Moddable: `timer` + `time`; host: Node timers or a manual clock.
 * Firmware code never reads `Date.now()` or calls `setTimeout` directly: it asks this port,
 * so tests can drive time and the simulator can accelerate it.
 */
export interface ClockPort {
  /** Wall-clock time, epoch milliseconds. May be 0-based (1970) until time is synced on a board. */
  now(): number;
  /** Monotonic milliseconds since boot; never goes backwards. */
  monotonic(): number;
  /** Run `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Run `callback` every `ms` milliseconds until cleared. */
  setInterval(callback: () => void, ms: number): TimerHandle;
  /** Cancel a timer; unknown or already-fired handles are ignored. */
  clear(handle: TimerHandle | undefined): void;
}

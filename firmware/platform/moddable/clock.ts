import Time from "time";
import Timer from "timer";
import type { ClockPort, TimerHandle } from "../../ports/clock";

/**
 * {@link ClockPort} on `timer` + `time`. `Time.ticks` is a signed 32-bit millisecond counter on
 * MCUs (it wraps after about 24.8 days), so `monotonic()` accumulates `Time.delta` steps instead
 * of returning it directly.
 */
export function createClock(): ClockPort {
  let lastTicks = Time.ticks;
  let elapsed = 0;
  const live = new Set<Timer>();

  function isTimer(handle: TimerHandle | undefined): handle is Timer {
    return typeof handle === "object" && live.has(handle as Timer);
  }

  return {
    now: () => Date.now(),
    monotonic() {
      const ticks = Time.ticks;
      elapsed += Math.max(0, Time.delta(lastTicks, ticks));
      lastTicks = ticks;
      return elapsed;
    },
    setTimeout(callback, ms) {
      const timer = Timer.set(() => {
        live.delete(timer);
        callback();
      }, Math.max(0, ms));
      live.add(timer);
      return timer;
    },
    setInterval(callback, ms) {
      const timer = Timer.repeat(() => callback(), Math.max(1, ms));
      live.add(timer);
      return timer;
    },
    clear(handle) {
      if (!isTimer(handle)) return;
      live.delete(handle);
      Timer.clear(handle);
    },
  };
}

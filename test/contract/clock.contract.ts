import assert from "node:assert/strict";
import type { ClockPort } from "../../firmware/ports/clock";

/** A clock under test plus a way to let `ms` of device time pass. */
export interface ClockHarness {
  clock: ClockPort;
  /** Let at least `ms` of device time pass, running due timers. */
  elapse(ms: number): Promise<void>;
  /** True when `elapse` is exact (manual clock); real-time clocks may overshoot under load. */
  exact: boolean;
  /** How early (device ms) a timer may fire against `monotonic()`, from host timer granularity. */
  earlyToleranceMs: number;
  dispose?(): void;
}

/** ClockPort contract: ordering, clear, interval, monotonic. */
export function clockContract(name: string, makeHarness: () => ClockHarness): void {
  describe(`ClockPort contract: ${name}`, () => {
    let h: ClockHarness;
    beforeEach(() => {
      h = makeHarness();
    });
    afterEach(() => h.dispose?.());

    it("runs one-shot timers in due order", async () => {
      const fired: string[] = [];
      h.clock.setTimeout(() => fired.push("c"), 300);
      h.clock.setTimeout(() => fired.push("a"), 100);
      h.clock.setTimeout(() => fired.push("b"), 200);
      await h.elapse(400);
      assert.deepEqual(fired, ["a", "b", "c"]);
    });

    it("does not fire a timer before it is due", async () => {
      const start = h.clock.monotonic();
      let firedAt: number | undefined;
      h.clock.setTimeout(() => (firedAt = h.clock.monotonic()), 1000);
      await h.elapse(100);
      if (firedAt !== undefined) assert.ok(!h.exact, "a manual clock cannot overshoot");
      await h.elapse(1100);
      assert.notEqual(firedAt, undefined, "fired once due");
      assert.ok(firedAt! - start >= 1000 - h.earlyToleranceMs, `fired after ${firedAt! - start} ms of a 1000 ms timer`);
    });

    it("clear cancels a timer; clearing unknown or fired handles is a no-op", async () => {
      let fired = 0;
      const handle = h.clock.setTimeout(() => fired++, 100);
      h.clock.clear(handle);
      const other = h.clock.setTimeout(() => fired++, 50);
      await h.elapse(200);
      assert.equal(fired, 1);
      h.clock.clear(other);
      h.clock.clear(undefined);
      h.clock.clear(handle);
    });

    it("repeats an interval until cleared", async () => {
      let ticks = 0;
      const start = h.clock.monotonic();
      const handle = h.clock.setInterval(() => ticks++, 100);
      await h.elapse(350);
      const elapsed = h.clock.monotonic() - start;
      if (h.exact) assert.equal(ticks, 3);
      else assert.ok(ticks >= 1 && ticks <= Math.floor((elapsed + h.earlyToleranceMs) / 100), `${ticks} ticks in ${elapsed} ms of a 100 ms interval`);
      h.clock.clear(handle);
      const stopped = ticks;
      await h.elapse(300);
      assert.equal(ticks, stopped);
    });

    it("lets a timer callback clear an interval from inside", async () => {
      let ticks = 0;
      const handle = h.clock.setInterval(() => {
        ticks++;
        if (ticks === 2) h.clock.clear(handle);
      }, 50);
      await h.elapse(400);
      assert.equal(ticks, 2);
    });

    it("monotonic never goes backwards and follows elapsed time", async () => {
      const start = h.clock.monotonic();
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        await h.elapse(40);
        samples.push(h.clock.monotonic());
      }
      for (let i = 1; i < samples.length; i++) assert.ok(samples[i]! >= samples[i - 1]!);
      assert.ok(samples[4]! - start >= 200 - 1, `monotonic advanced ${samples[4]! - start} ms over 200 ms`);
    });

    it("now() moves with monotonic time", async () => {
      const wall = h.clock.now();
      const mono = h.clock.monotonic();
      await h.elapse(500);
      const wallDelta = h.clock.now() - wall;
      const monoDelta = h.clock.monotonic() - mono;
      assert.ok(Math.abs(wallDelta - monoDelta) < 50, `wall ${wallDelta} vs monotonic ${monoDelta}`);
    });
  });
}

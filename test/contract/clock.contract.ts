import assert from "node:assert/strict";
import type { ClockPort } from "../../firmware/ports/clock";

/** A clock under test plus a way to let `ms` of device time pass. */
export interface ClockHarness {
  clock: ClockPort;
  /** Let at least `ms` of device time pass, running due timers. */
  elapse(ms: number): Promise<void>;
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
      let fired = false;
      h.clock.setTimeout(() => (fired = true), 1000);
      await h.elapse(100);
      assert.equal(fired, false);
      await h.elapse(1100);
      assert.equal(fired, true);
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
      const handle = h.clock.setInterval(() => ticks++, 100);
      await h.elapse(350);
      assert.ok(ticks >= 2 && ticks <= 4, `ticks after 350 ms of a 100 ms interval: ${ticks}`);
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

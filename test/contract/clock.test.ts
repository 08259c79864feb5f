import assert from "node:assert/strict";
import { createManualClock, driveClock } from "../../host-sim/fakes/clock";
import { createClock } from "../../host-sim/adapters/clock";
import { clockContract } from "./clock.contract";
import { waitFor } from "./wait-for";

const hostSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

clockContract("manual fake", () => {
  const clock = createManualClock();
  return { clock, elapse: async (ms) => clock.advance(ms), exact: true, earlyToleranceMs: 0 };
});

clockContract("Node adapter x20", () => {
  const speed = 20;
  const clock = createClock({ speed });
  const handles: unknown[] = [];
  const tracked = {
    ...clock,
    setTimeout: (cb: () => void, ms: number) => { const t = clock.setTimeout(cb, ms); handles.push(t); return t; },
    setInterval: (cb: () => void, ms: number) => { const t = clock.setInterval(cb, ms); handles.push(t); return t; },
  };
  return {
    clock: tracked,
    elapse: (ms) => hostSleep(ms / speed + 5),
    exact: false,
    earlyToleranceMs: 2 * speed,
    dispose: () => handles.forEach((t) => clock.clear(t as object)),
  };
});

describe("manual clock specifics", () => {
  it("runs a timer scheduled by a callback within the same advance", () => {
    const clock = createManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.monotonic());
      clock.setTimeout(() => fired.push(clock.monotonic()), 30);
    }, 20);
    clock.advance(100);
    assert.deepEqual(fired, [20, 50]);
    assert.equal(clock.monotonic(), 100);
  });

  it("fires equal-due timers in creation order and steps with advanceToNext", () => {
    const clock = createManualClock({ epochMs: 1_700_000_000_000 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("x"), 10);
    clock.setTimeout(() => fired.push("y"), 10);
    assert.equal(clock.pendingTimers(), 2);
    assert.equal(clock.advanceToNext(), true);
    assert.deepEqual(fired, ["x"]);
    assert.equal(clock.advanceToNext(), true);
    assert.equal(clock.advanceToNext(), false);
    assert.deepEqual(fired, ["x", "y"]);
    assert.equal(clock.now(), 1_700_000_000_010);
  });

  it("setWallClock changes now() but not monotonic()", () => {
    const clock = createManualClock();
    clock.advance(5);
    clock.setWallClock(1_000_000);
    assert.equal(clock.now(), 1_000_000);
    assert.equal(clock.monotonic(), 5);
  });

  it("rejects negative advance", () => {
    assert.throws(() => createManualClock().advance(-1), RangeError);
  });
});

describe("host clock specifics", () => {
  it("rejects a non-positive speed", () => {
    assert.throws(() => createClock({ speed: 0 }), /speed/);
  });
});

describe("accelerated manual clock (driveClock)", () => {
  it("advances device time speed times faster than host time until stopped", async () => {
    const clock = createManualClock();
    let fired = 0;
    clock.setTimeout(() => fired++, 1000);
    const hostStart = performance.now();
    const stop = driveClock(clock, { speed: 100, tickMs: 5, host: { setInterval, clearInterval: (h) => clearInterval(h as NodeJS.Timeout) } });
    await waitFor(() => fired === 1, "the 1 s device timer", 2000);
    stop();
    const hostMs = performance.now() - hostStart;
    const reached = clock.monotonic();
    assert.ok(reached <= (hostMs + 5) * 100, `device time ${reached} ms after ${hostMs} ms of host time at x100`);
    assert.ok(reached >= 1000 && reached % 500 === 0, `advanced in 500 ms steps: ${reached}`);
    await hostSleep(20);
    assert.equal(clock.monotonic(), reached, "stopped");
  });

  it("rejects a bad speed", () => {
    assert.throws(() => driveClock(createManualClock(), { speed: -1, host: { setInterval, clearInterval: () => undefined } }), /speed/);
  });
});

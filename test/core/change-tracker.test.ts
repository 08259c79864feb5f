import assert from "node:assert/strict";
import { createChangeTracker } from "../../firmware/core";
import type { ParamChange, ParamsDocument } from "../../firmware/core";
import { createManualClock } from "../../host-sim/fakes/clock";

describe("core: change tracking", () => {
  it("coalesces changes into one delta with the latest value per param", () => {
    const tracker = createChangeTracker(createManualClock(), 100);
    tracker.record({ device: "Light", param: "Power", value: true, source: "driver" });
    tracker.record({ device: "Light", param: "Brightness", value: 10, source: "driver" });
    tracker.record({ device: "Fan", param: "Speed", value: 2, source: "local" });
    tracker.record({ device: "Light", param: "Brightness", value: 60, source: "driver" });
    assert.equal(tracker.pending(), 3);
    assert.deepEqual(tracker.takeDelta(), { Light: { Power: true, Brightness: 60 }, Fan: { Speed: 2 } });
    assert.equal(tracker.takeDelta(), undefined);
  });

  it("flushes to listeners once after the debounce, measured from the first pending change", () => {
    const clock = createManualClock();
    const tracker = createChangeTracker(clock, 100);
    const deltas: ParamsDocument[] = [];
    tracker.onDelta((d) => deltas.push(d));
    tracker.record({ device: "D", param: "A", value: 1, source: "driver" });
    clock.advance(60);
    tracker.record({ device: "D", param: "A", value: 2, source: "driver" });
    assert.equal(deltas.length, 0);
    clock.advance(40);
    assert.deepEqual(deltas, [{ D: { A: 2 } }]);
    clock.advance(1000);
    assert.equal(deltas.length, 1);
  });

  it("takeDelta before the debounce cancels the timer", () => {
    const clock = createManualClock();
    const tracker = createChangeTracker(clock, 100);
    const deltas: ParamsDocument[] = [];
    tracker.onDelta((d) => deltas.push(d));
    tracker.record({ device: "D", param: "A", value: 1, source: "cloud" });
    assert.deepEqual(tracker.takeDelta(), { D: { A: 1 } });
    clock.advance(500);
    assert.deepEqual(deltas, []);
    assert.equal(clock.pendingTimers(), 0);
  });

  it("observers see every change with its source; non-pending changes and discards stay out of the delta", () => {
    const tracker = createChangeTracker(createManualClock(), 100);
    const seen: ParamChange[] = [];
    const off = tracker.onChange((c) => seen.push(c));
    tracker.record({ device: "D", param: "A", value: 1, source: "schedule" }, false);
    tracker.record({ device: "D", param: "B", value: 2, source: "driver" });
    tracker.discard("D", "B");
    off();
    tracker.record({ device: "D", param: "C", value: 3, source: "driver" });
    assert.deepEqual(seen.map((c) => [c.param, c.source]), [["A", "schedule"], ["B", "driver"]]);
    assert.deepEqual(tracker.takeDelta(), { D: { C: 3 } });
  });
});

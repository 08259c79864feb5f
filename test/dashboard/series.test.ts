import assert from "node:assert/strict";
import fc from "fast-check";
import { pushSample, sparklinePoints } from "../../dashboard/src/model/series";

describe("dashboard: time-series sparkline [spec 2.4]", () => {
  it("keeps the newest samples only and drops non-finite values", () => {
    let s = pushSample([], { t: 1, v: 1 }, 2);
    s = pushSample(s, { t: 2, v: Number.NaN }, 2);
    s = pushSample(s, { t: 3, v: 3 }, 2);
    s = pushSample(s, { t: 4, v: 4 }, 2);
    assert.deepEqual(s, [{ t: 3, v: 3 }, { t: 4, v: 4 }]);
  });

  it("draws oldest left, highest top", () => {
    assert.equal(sparklinePoints([{ t: 0, v: 0 }, { t: 10, v: 5 }], 100, 20), "1.0,19.0 99.0,1.0");
    assert.equal(sparklinePoints([{ t: 0, v: 7 }], 100, 20), "50.0,10.0");
    assert.equal(sparklinePoints([], 100, 20), "");
  });

  it("keeps every point inside the box", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.integer({ min: 0, max: 1e9 }), v: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 60 }), (samples) => {
        for (const pair of sparklinePoints(samples, 160, 36).split(" ")) {
          const [x, y] = pair.split(",").map(Number) as [number, number];
          assert.ok(x >= 0 && x <= 160 && y >= 0 && y <= 36, pair);
        }
      }),
    );
  });
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { fitToBounds } from "../../dashboard/src/model/bounds";

describe("dashboard: fitting a value to a param's bounds [spec 1.5]", () => {
  it("clamps past either bound and says so", () => {
    assert.deepEqual(fitToBounds(250, { min: 0, max: 100, step: 1 }, "int"), { value: 100, note: "limited to the maximum 100" });
    assert.deepEqual(fitToBounds(-5, { min: 0, max: 100, step: 1 }, "int"), { value: 0, note: "limited to the minimum 0" });
    assert.deepEqual(fitToBounds(42, { min: 0, max: 100, step: 1 }, "int"), { value: 42, note: null });
  });

  it("snaps to the step from the minimum and rounds ints", () => {
    assert.deepEqual(fitToBounds(3000, { min: 2700, max: 6500, step: 100 }, "int"), { value: 3000, note: null });
    assert.deepEqual(fitToBounds(3049, { min: 2700, max: 6500, step: 100 }, "int"), { value: 3000, note: "rounded to a step of 100" });
    assert.deepEqual(fitToBounds(2.5, undefined, "int"), { value: 3, note: "rounded to a whole number" });
    assert.deepEqual(fitToBounds(2.5, undefined, "float"), { value: 2.5, note: null });
  });

  it("refuses what is not a number", () => {
    assert.deepEqual(fitToBounds(Number.NaN, { min: 0, max: 1 }, "int"), { error: "Enter a number" });
    assert.deepEqual(fitToBounds(Number.POSITIVE_INFINITY, undefined, "float"), { error: "Enter a number" });
  });

  it("always lands inside the bounds, on the step grid when the range holds one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        (min, span, step, input) => {
          const max = min + span;
          const r = fitToBounds(input, { min, max, step }, "int");
          assert.ok(!("error" in r));
          assert.ok(r.value >= min && r.value <= max, `${r.value} in [${min}, ${max}]`);
          assert.ok(Number.isInteger(r.value));
          if (span >= step) assert.equal((r.value - min) % step, 0);
          assert.equal(r.note === null, r.value === input);
        },
      ),
    );
  });
});

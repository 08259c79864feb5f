import assert from "node:assert/strict";
import fc from "fast-check";
import { SlidingWindowLimiter } from "../../../cloud-stub/handlers/rest/claim-rate-limit";

describe("cloud-stub claim rate limiter", () => {
  it("admits `limit` hits per window and tells how long to wait", () => {
    const l = new SlidingWindowLimiter(5, 60_000);
    for (let i = 0; i < 5; i++) assert.equal(l.hit("m", 1000 + i), 0);
    assert.equal(l.hit("m", 2000), 59_000);
    assert.equal(l.hit("other", 2000), 0);
    assert.equal(l.hit("m", 61_000), 0);
  });

  it("never admits more than `limit` hits in any window (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.constantFrom("a", "b"), fc.integer({ min: 0, max: 5000 })), { maxLength: 80 }),
        (limit, raw) => {
          const windowMs = 1000;
          const l = new SlidingWindowLimiter(limit, windowMs);
          const admitted: Array<[string, number]> = [];
          let t = 0;
          for (const [key, dt] of raw) {
            t += dt % 400;
            if (l.hit(key, t) === 0) admitted.push([key, t]);
          }
          for (const [key, at] of admitted) {
            const inWindow = admitted.filter(([k, u]) => k === key && u > at - windowMs && u <= at).length;
            assert.ok(inWindow <= limit);
          }
        },
      ),
    );
  });

  it("forgets the oldest keys beyond its key budget", () => {
    const l = new SlidingWindowLimiter(1, 60_000, 3);
    for (const k of ["a", "b", "c", "d"]) assert.equal(l.hit(k, 0), 0);
    assert.equal(l.hit("a", 1), 0);
    assert.ok(l.hit("d", 1) > 0);
  });
});

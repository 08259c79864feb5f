import assert from "node:assert/strict";
import fc from "fast-check";
import { createBackoff, randomUnit } from "../../../firmware/core/agent/backoff";

describe("agent backoff", () => {
  it("doubles up to the cap with jitter between half and the whole step", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 60 }), (initialMs, factor, rolls) => {
        const maxMs = initialMs * factor;
        let i = 0;
        const b = createBackoff({ initialMs, maxMs, random: () => rolls[i % rolls.length]! });
        for (i = 0; i < rolls.length; i++) {
          const cap = Math.min(maxMs, initialMs * 2 ** i);
          const d = b.next();
          assert.ok(d >= Math.floor(cap / 2) && d <= cap, `attempt ${i}: ${d} not in [${cap / 2}, ${cap}]`);
        }
        assert.equal(b.attempts(), rolls.length);
        b.reset();
        assert.ok(b.next() <= initialMs);
      }),
    );
  });

  it("refuses nonsensical bounds", () => {
    assert.throws(() => createBackoff({ initialMs: 0, random: Math.random }), RangeError);
    assert.throws(() => createBackoff({ initialMs: 100, maxMs: 10, random: Math.random }), RangeError);
  });

  it("turns random bytes into [0, 1)", () => {
    assert.equal(randomUnit(() => Uint8Array.from([0, 0, 0, 0]))(), 0);
    const top = randomUnit(() => Uint8Array.from([255, 255, 255, 255]))();
    assert.ok(top < 1 && top > 0.999999);
  });
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { modPow, SRP_GROUP_3072 } from "../../firmware/crypto/index";

/** Right-to-left binary exponentiation, as a reference independent of the window size. */
function refModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let b = ((base % modulus) + modulus) % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

describe("modPow (fixed window)", () => {
  it("matches binary exponentiation for random bases, exponents and moduli", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), fc.bigInt({ min: 0n, max: 1n << 260n }), fc.bigInt({ min: 1n, max: 1n << 280n }), (b, e, m) => {
        assert.equal(modPow(b, e, m), refModPow(b, e, m));
      }),
      { numRuns: 60 },
    );
  });

  it("matches binary exponentiation in the 3072-bit SRP group at every exponent length mod 3", () => {
    const { N, g } = SRP_GROUP_3072;
    for (const e of [0n, 1n, 7n, 8n, 0x1ffn, (1n << 255n) | 0x1234567n, (1n << 256n) + 5n, (1n << 257n) - 1n]) {
      assert.equal(modPow(g, e, N), refModPow(g, e, N), e.toString(16));
    }
  });

  it("rejects a non-positive modulus and a negative exponent", () => {
    assert.throws(() => modPow(2n, 3n, 0n), RangeError);
    assert.throws(() => modPow(2n, -1n, 7n), RangeError);
    assert.equal(modPow(5n, 3n, 1n), 0n);
  });
});

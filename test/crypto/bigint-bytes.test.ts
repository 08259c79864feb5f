import assert from "node:assert/strict";
import fc from "fast-check";
import { bigIntToBytes, bigIntToBytesLE, bigIntToPaddedBytes, bytesToBigInt, bytesToBigIntLE } from "../../firmware/crypto/bigint-bytes";
import { hasNativeBigIntBytes, nativeBigIntToBytes, nativeBytesToBigInt } from "../../firmware/crypto/bigint-bytes-native";
import { portableBigIntToBytes, portableBytesToBigInt } from "../../firmware/crypto/bigint-bytes-portable";

/** Reference by arithmetic, independent of both implementations. */
function refBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}
const refBigInt = (b: Uint8Array): bigint => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
const minimalLength = (n: bigint): number => {
  let len = 0;
  for (; n > 0n; n >>= 8n) len++;
  return len;
};

/** Non-negative bigints up to a little past the 3072-bit SRP group, sizes spread evenly. */
const bigints = fc.oneof(
  fc.constantFrom(0n, 1n, 0xffn, 0x100n, (1n << 3072n) - 1n),
  fc.integer({ min: 1, max: 3100 }).chain((bits) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n })),
);
/** Byte strings with 0-8 leading zero bytes, sometimes a view into a larger buffer. */
const byteStrings = fc
  .tuple(fc.integer({ min: 0, max: 8 }), fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
  .map(([zeros, body, before, after]) => {
    const backing = new Uint8Array(before + zeros + body.length + after).fill(0xa5);
    const view = backing.subarray(before, before + zeros + body.length);
    view.fill(0, 0, zeros);
    view.set(body, zeros);
    return view;
  });
const padding = fc.integer({ min: 0, max: 12 });
const reversed = (b: Uint8Array): Uint8Array => b.slice().reverse();

describe(`bigint <-> bytes (${hasNativeBigIntBytes() ? "XS native" : "portable"} path)`, () => {
  it("reads big- and little-endian bytes, leading zeros and views included", () => {
    fc.assert(
      fc.property(byteStrings, (b) => {
        assert.equal(bytesToBigInt(b), refBigInt(b));
        assert.equal(bytesToBigIntLE(b), refBigInt(reversed(b)));
      }),
    );
  });

  it("writes minimal and padded bytes, and refuses values that do not fit", () => {
    fc.assert(
      fc.property(bigints, padding, (n, extra) => {
        const min = minimalLength(n);
        assert.deepEqual(bigIntToBytes(n), refBytes(n, min));
        assert.deepEqual(bigIntToPaddedBytes(n, min + extra), refBytes(n, min + extra));
        assert.deepEqual(bigIntToBytesLE(n, min + extra), reversed(refBytes(n, min + extra)));
        if (min > 0) {
          assert.throws(() => bigIntToPaddedBytes(n, min - 1), RangeError);
          assert.throws(() => bigIntToBytesLE(n, min - 1), RangeError);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("round-trips a 384-byte SRP value with leading zeros", () => {
    const padded = bigIntToPaddedBytes(0x1234n, 384);
    assert.equal(padded.length, 384);
    assert.equal(bytesToBigInt(padded), 0x1234n);
    assert.deepEqual(bigIntToBytes(bytesToBigInt(padded)), Uint8Array.of(0x12, 0x34));
  });

  it("rejects negative values and invalid lengths with a RangeError", () => {
    assert.throws(() => bigIntToBytes(-1n), RangeError);
    assert.throws(() => bigIntToPaddedBytes(-1n, 4), RangeError);
    assert.throws(() => bigIntToBytesLE(-5n, 32), RangeError);
    assert.throws(() => bigIntToPaddedBytes(1n, -1), RangeError);
    assert.throws(() => bigIntToPaddedBytes(1n, 2.5), RangeError);
  });

  it("uses the native functions exactly when the engine has them", () => {
    assert.equal(nativeBytesToBigInt(Uint8Array.of(1)) !== undefined, hasNativeBigIntBytes());
    assert.equal(nativeBigIntToBytes(1n, 0) !== undefined, hasNativeBigIntBytes());
  });

  (hasNativeBigIntBytes() ? it : it.skip)("native and portable conversions agree (XS only)", () => {
    fc.assert(
      fc.property(bigints, padding, fc.boolean(), (n, extra, littleEndian) => {
        const length = minimalLength(n) + extra;
        const portable = portableBigIntToBytes(n, length);
        assert.deepEqual(nativeBigIntToBytes(n, length, littleEndian), littleEndian ? portable.reverse() : portable);
        assert.deepEqual(nativeBigIntToBytes(n, 0), portableBigIntToBytes(n, 0));
      }),
    );
    fc.assert(
      fc.property(byteStrings, (b) => {
        assert.equal(nativeBytesToBigInt(b), portableBytesToBigInt(b));
        assert.equal(nativeBytesToBigInt(b, true), portableBytesToBigInt(reversed(b)));
      }),
    );
  });
});

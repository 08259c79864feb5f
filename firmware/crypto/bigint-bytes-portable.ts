/**
 * Portable big-endian `bigint` <-> bytes conversions through hex strings: the fallback where XS's
 * native `BigInt.fromArrayBuffer` / `ArrayBuffer.fromBigInt` are absent (Node, other engines).
 */

const HEX = "0123456789abcdef";

/** Unsigned big-endian bytes to a bigint (empty input is 0). */
export function portableBytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let s = "0x";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
  return BigInt(s);
}

/**
 * Big-endian bytes of a non-negative bigint, left-padded with zeros to at least `minLength`
 * (minimal, no leading zero bytes, when `minLength` is 0; 0n then gives an empty array).
 */
export function portableBigIntToBytes(n: bigint, minLength: number): Uint8Array {
  if (n < 0n) throw new RangeError("negative bigint");
  let hex = n === 0n ? "" : n.toString(16);
  if (hex.length & 1) hex = "0" + hex;
  const size = hex.length / 2;
  const out = new Uint8Array(Math.max(size, minLength));
  const start = out.length - size;
  for (let i = 0; i < size; i++) out[start + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

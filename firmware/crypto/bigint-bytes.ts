/** Big-endian conversions between `bigint` and bytes (SRP and X25519 wire forms). */

const HEX = "0123456789abcdef";

/** Unsigned big-endian bytes to a bigint (empty input is 0). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let s = "0x";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
  return BigInt(s);
}

/** Minimal big-endian bytes of a non-negative bigint (no leading zero bytes; 0 gives an empty array). */
export function bigIntToBytes(n: bigint): Uint8Array {
  if (n < 0n) throw new RangeError("negative bigint");
  if (n === 0n) return new Uint8Array(0);
  let hex = n.toString(16);
  if (hex.length & 1) hex = "0" + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Big-endian bytes left-padded with zeros to `length`; throws if the value does not fit. */
export function bigIntToPaddedBytes(n: bigint, length: number): Uint8Array {
  const min = bigIntToBytes(n);
  if (min.length > length) throw new RangeError(`value needs ${min.length} bytes, more than ${length}`);
  const out = new Uint8Array(length);
  out.set(min, length - min.length);
  return out;
}

/** Little-endian bytes to a bigint (X25519). */
export function bytesToBigIntLE(b: Uint8Array): bigint {
  const rev = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) rev[i] = b[b.length - 1 - i]!;
  return bytesToBigInt(rev);
}

/** `n` as exactly `length` little-endian bytes. */
export function bigIntToBytesLE(n: bigint, length: number): Uint8Array {
  return bigIntToPaddedBytes(n, length).reverse();
}

/**
 * Conversions between `bigint` and bytes (SRP big-endian, X25519 little-endian wire forms): XS's
 * native functions when the engine has them, the portable hex path otherwise.
 */
import { nativeBigIntToBytes, nativeBytesToBigInt } from "./bigint-bytes-native";
import { portableBigIntToBytes, portableBytesToBigInt } from "./bigint-bytes-portable";

function checkedLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`invalid byte length ${length}`);
  return length;
}

function fitted(out: Uint8Array, length: number): Uint8Array {
  if (out.length > length) throw new RangeError(`value needs ${out.length} bytes, more than ${length}`);
  return out;
}

/** Unsigned big-endian bytes to a bigint (empty input is 0). */
export function bytesToBigInt(b: Uint8Array): bigint {
  return nativeBytesToBigInt(b) ?? portableBytesToBigInt(b);
}

/** Minimal big-endian bytes of a non-negative bigint (no leading zero bytes; 0 gives an empty array). */
export function bigIntToBytes(n: bigint): Uint8Array {
  return nativeBigIntToBytes(n, 0) ?? portableBigIntToBytes(n, 0);
}

/** Big-endian bytes left-padded with zeros to `length`; throws if the value does not fit. */
export function bigIntToPaddedBytes(n: bigint, length: number): Uint8Array {
  checkedLength(length);
  return fitted(nativeBigIntToBytes(n, length) ?? portableBigIntToBytes(n, length), length);
}

/** Little-endian bytes to a bigint (X25519). */
export function bytesToBigIntLE(b: Uint8Array): bigint {
  const native = nativeBytesToBigInt(b, true);
  if (native !== undefined) return native;
  const rev = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) rev[i] = b[b.length - 1 - i]!;
  return portableBytesToBigInt(rev);
}

/** `n` as exactly `length` little-endian bytes; throws if the value does not fit. */
export function bigIntToBytesLE(n: bigint, length: number): Uint8Array {
  checkedLength(length);
  return fitted(nativeBigIntToBytes(n, length, true) ?? portableBigIntToBytes(n, length).reverse(), length);
}

/**
 * XS's native conversions [moddable spec 2 "BigInt is native (plus BigInt.fromArrayBuffer,
 * ArrayBuffer.fromBigInt)"], looked up on every call (no module state), undefined elsewhere.
 * Checked on XS 13 (xsnap): `ArrayBuffer.fromBigInt(n, minBytes, sign, littleEndian)` writes the
 * magnitude big-endian, left-padded to minBytes (never truncated; 0n gives one zero byte);
 * `BigInt.fromArrayBuffer(buffer, sign, littleEndian)` reads unsigned big-endian by default and
 * needs a non-empty ArrayBuffer (not a view).
 */

/** The XS statics as used here (the Moddable typings declare fewer parameters). */
interface XsArrayBufferStatics {
  fromBigInt?: (n: bigint, minBytes: number, sign: boolean, littleEndian: boolean) => ArrayBuffer;
}

interface XsBigIntStatics {
  fromArrayBuffer?: (buffer: ArrayBuffer, sign: boolean, littleEndian: boolean) => bigint;
}

/** True when this engine has both native conversions (XS). */
export function hasNativeBigIntBytes(): boolean {
  return (
    typeof (ArrayBuffer as unknown as XsArrayBufferStatics).fromBigInt === "function" &&
    typeof (BigInt as unknown as XsBigIntStatics).fromArrayBuffer === "function"
  );
}

/** Unsigned bytes to a bigint (empty is 0); undefined without the native function. */
export function nativeBytesToBigInt(b: Uint8Array, littleEndian = false): bigint | undefined {
  // Called as methods: XS uses the receiver (`new: not a constructor` when detached).
  const statics = BigInt as unknown as XsBigIntStatics;
  if (typeof statics.fromArrayBuffer !== "function") return undefined;
  if (b.length === 0) return 0n;
  const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
  return statics.fromArrayBuffer(whole ? (b.buffer as ArrayBuffer) : b.slice().buffer, false, littleEndian);
}

/**
 * Bytes of a non-negative bigint, zero-padded to at least `minLength` (minimal when 0; 0n then
 * gives an empty array); undefined without the native function.
 */
export function nativeBigIntToBytes(n: bigint, minLength: number, littleEndian = false): Uint8Array | undefined {
  const statics = ArrayBuffer as unknown as XsArrayBufferStatics;
  if (typeof statics.fromBigInt !== "function") return undefined;
  if (n < 0n) throw new RangeError("negative bigint");
  if (n === 0n) return new Uint8Array(minLength);
  return new Uint8Array(statics.fromBigInt(n, minLength, false, littleEndian));
}

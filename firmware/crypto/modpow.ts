/** Bits per window; the table holds 2^bits powers (3 bits: 8 bigints, half the heap of a 4-bit table). */
export const MODPOW_WINDOW_BITS = 3;

const WINDOW_TABLE_SIZE = 1 << MODPOW_WINDOW_BITS;
const DIGIT_ZERO = 0x30;

/**
 * Modular exponentiation over `bigint` with a fixed 3-bit window (the exponent's octal digits):
 * every window costs three squarings and one multiplication, so the operation sequence depends
 * only on the exponent length.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus <= 0n) throw new RangeError("modulus must be positive");
  if (exponent < 0n) throw new RangeError("negative exponent");
  if (modulus === 1n) return 0n;
  const b = ((base % modulus) + modulus) % modulus;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < WINDOW_TABLE_SIZE; i++) table.push((table[i - 1]! * b) % modulus);
  const digits = exponent.toString(8);
  let result = 1n;
  for (let i = 0; i < digits.length; i++) {
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * table[digits.charCodeAt(i) - DIGIT_ZERO]!) % modulus;
  }
  return result;
}

/**
 * RSA key generation in pure TS over `bigint` (FIPS 186-4 B.3.3 style: random probable primes with
 * trial division and Miller-Rabin). Used where the device must make its own RSA key, because
 * Moddable's TLS client authentication signs only with RSA (shared/spec/moddable.md).
 */
import type { RsaPrivateKey } from "../protocol/der/keys";
import { bytesToBigInt } from "./bigint-bytes";

export type RandomBytes = (length: number) => Uint8Array;

const SMALL_PRIMES: readonly number[] = Object.freeze(smallPrimes(2000));

function smallPrimes(limit: number): number[] {
  const out: number[] = [];
  for (let n = 3; n < limit; n += 2) {
    let prime = true;
    for (const p of out) {
      if (p * p > n) break;
      if (n % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(n);
  }
  return out;
}

/** Miller-Rabin rounds for 1024-bit primes of an RSA-2048 key (FIPS 186-4 table C.2: 5 with 2^-100). */
const MR_ROUNDS = 5;
/** How far an incremental search walks from one random start before drawing a new one. */
const SEARCH_STEPS = 4096;

function randomBelow(limit: bigint, random: RandomBytes): bigint {
  const bytes = Math.ceil(limit.toString(16).length / 2) + 8;
  return bytesToBigInt(random(bytes)) % limit;
}

/** Hex digits of exponent between two yields of {@link modPowSteps} (128 bits). */
const MODPOW_DIGITS_PER_STEP = 32;

/** `base^exponent mod modulus` (4-bit fixed window) as resumable steps of 128 exponent bits. */
export function* modPowSteps(base: bigint, exponent: bigint, modulus: bigint): Generator<void, bigint> {
  const b = base % modulus;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * b) % modulus);
  const hex = exponent.toString(16);
  let result = 1n;
  for (let i = 0; i < hex.length; i++) {
    if (i > 0 && i % MODPOW_DIGITS_PER_STEP === 0) yield;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * table[parseInt(hex[i], 16)]) % modulus;
  }
  return result;
}

/** Miller-Rabin with `rounds` random bases (base 2 first) as resumable steps. */
export function* millerRabinSteps(n: bigint, rounds: number, random: RandomBytes): Generator<void, boolean> {
  if (n < 4n) return n === 2n || n === 3n;
  if ((n & 1n) === 0n) return false;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (let r = 0; r < rounds; r++) {
    const a = r === 0 ? 2n : 2n + randomBelow(n - 3n, random);
    let x = yield* modPowSteps(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
    yield;
  }
  return true;
}

/** Miller-Rabin probable-prime test of `n` with `rounds` random bases (base 2 first). */
export function isProbablePrime(n: bigint, rounds: number, random: RandomBytes): boolean {
  return runToEnd(millerRabinSteps(n, rounds, random));
}

/**
 * A random probable prime of exactly `bits` bits, top two bits set (so p*q has 2*bits bits), p-1
 * coprime to e. A generator: it yields within modular exponentiations and every 128 sieve steps, so
 * a caller can spread the work over event-loop turns (see {@link generateRsaKeyInSlices}).
 */
export function* primeSteps(bits: number, e: bigint, random: RandomBytes): Generator<void, bigint> {
  const bytes = Math.ceil(bits / 8);
  const top = BigInt(bits - 2);
  for (;;) {
    let start = bytesToBigInt(random(bytes)) & ((1n << BigInt(bits)) - 1n);
    start |= (3n << top) | 1n;
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    for (let step = 0; step < SEARCH_STEPS; step += 2) {
      if ((step & 127) === 0) yield;
      let divisible = false;
      for (let i = 0; i < SMALL_PRIMES.length; i++) {
        if ((residues[i] + step) % SMALL_PRIMES[i] === 0) {
          divisible = true;
          break;
        }
      }
      if (divisible) continue;
      const candidate = start + BigInt(step);
      if (candidate >> BigInt(bits) !== 0n) break;
      if (gcd(candidate - 1n, e) !== 1n) continue;
      if (yield* millerRabinSteps(candidate, MR_ROUNDS, random)) return candidate;
      yield;
    }
  }
}

function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Inverse of `a` modulo `m` (extended Euclid); throws when none exists. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError("no modular inverse");
  return ((oldS % m) + m) % m;
}

/** RSA key generation as resumable steps (see {@link primeSteps}). */
export function* rsaKeySteps(random: RandomBytes, modulusBits = 2048): Generator<void, RsaPrivateKey> {
  if (modulusBits < 512 || modulusBits % 16 !== 0) throw new RangeError("modulus bits must be a multiple of 16, >= 512");
  const e = 65537n;
  for (;;) {
    let p = yield* primeSteps(modulusBits / 2, e, random);
    let q = yield* primeSteps(modulusBits / 2, e, random);
    if (p === q) continue;
    if (p < q) [p, q] = [q, p];
    const n = p * q;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    return { n, e, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qi: modInverse(q, p) };
  }
}

/** An RSA key of `modulusBits` (2048 for node keys [spec 4.2]) with public exponent 65537, in one go. */
export function generateRsaKey(random: RandomBytes, modulusBits = 2048): RsaPrivateKey {
  return runToEnd(rsaKeySteps(random, modulusBits));
}

/**
 * The same key generation, giving the event loop back whenever a slice has run `sliceMs` (by
 * `elapsed`, a monotonic clock): on the board the work then never blocks BLE, MQTT or the task
 * watchdog for longer than one Miller-Rabin test. `pause` resolves on a later turn (a 0 ms timer).
 */
export async function generateRsaKeyInSlices(
  random: RandomBytes, pause: () => Promise<void>, elapsed: () => number, sliceMs = 50, modulusBits = 2048,
): Promise<RsaPrivateKey> {
  const steps = rsaKeySteps(random, modulusBits);
  let sliceStart = elapsed();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (elapsed() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = elapsed();
    }
  }
}

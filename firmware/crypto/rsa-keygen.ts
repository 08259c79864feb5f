/**
 * RSA key generation in pure TS over `bigint` (FIPS 186-4 B.3.3 style: random probable primes with
 * trial division and Miller-Rabin). Used where the device must make its own RSA key, because
 * Moddable's TLS client authentication signs only with RSA (shared/spec/moddable.md).
 */
import { bytesToBigInt } from "./bigint-bytes";
import { modPow } from "./modpow";

/** The generated key (RFC 8017 A.1.2 parameter names). */
export interface RsaKeyParameters {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

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

/** Miller-Rabin probable-prime test of odd `n` > 3 with `rounds` random bases (base 2 first). */
export function isProbablePrime(n: bigint, rounds: number, random: RandomBytes): boolean {
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
    let x = modPow(a, d, n);
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
  }
  return true;
}

/** A random probable prime of exactly `bits` bits, top two bits set (so p*q has 2*bits bits), p-1 coprime to e. */
export function generatePrime(bits: number, e: bigint, random: RandomBytes): bigint {
  const bytes = Math.ceil(bits / 8);
  const top = BigInt(bits - 2);
  for (;;) {
    let start = bytesToBigInt(random(bytes)) & ((1n << BigInt(bits)) - 1n);
    start |= (3n << top) | 1n;
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    for (let step = 0; step < SEARCH_STEPS; step += 2) {
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
      if (isProbablePrime(candidate, MR_ROUNDS, random)) return candidate;
    }
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

/** An RSA key of `modulusBits` (2048 for node keys [spec 4.2]) with public exponent 65537. */
export function generateRsaKey(random: RandomBytes, modulusBits = 2048): RsaKeyParameters {
  if (modulusBits < 512 || modulusBits % 16 !== 0) throw new RangeError("modulus bits must be a multiple of 16, >= 512");
  const e = 65537n;
  for (;;) {
    let p = generatePrime(modulusBits / 2, e, random);
    let q = generatePrime(modulusBits / 2, e, random);
    if (p === q) continue;
    if (p < q) [p, q] = [q, p];
    const n = p * q;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    return { n, e, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qi: modInverse(q, p) };
  }
}

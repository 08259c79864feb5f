/**
 * X25519 (RFC 7748 section 5) in pure TypeScript over `bigint`, for the security-1 handshake
 * (spec 6.5): the ESP32 port has no native X25519. The ladder has a fixed structure (255 steps,
 * conditional swaps by masking); `bigint` arithmetic itself is not constant-time.
 */
import { bigIntToBytesLE, bytesToBigIntLE } from "./bigint-bytes";
import { modPow } from "./modpow";

const P = (1n << 255n) - 19n;
const A24 = 121665n;

/** The u-coordinate of the base point (9), as 32 little-endian bytes (a fresh copy). */
export function x25519BasePoint(): Uint8Array {
  const u = new Uint8Array(32);
  u[0] = 9;
  return u;
}

const mod = (x: bigint): bigint => {
  const r = x % P;
  return r < 0n ? r + P : r;
};

function decodeScalar(k: Uint8Array): bigint {
  const c = k.slice();
  c[0] = c[0]! & 248;
  c[31] = c[31]! & 127;
  c[31] = c[31]! | 64;
  return bytesToBigIntLE(c);
}

function decodeU(u: Uint8Array): bigint {
  const c = u.slice();
  c[31] = c[31]! & 127;
  return bytesToBigIntLE(c) % P;
}

/**
 * X25519(scalar, u): 32-byte little-endian scalar and u-coordinate in, 32 bytes out.
 * Throws `RangeError` if either input is not 32 bytes.
 */
export function x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array {
  if (scalar.length !== 32 || u.length !== 32) throw new RangeError("X25519 inputs must be 32 bytes");
  const k = decodeScalar(scalar);
  const x1 = decodeU(u);
  let x2 = 1n;
  let z2 = 0n;
  let x3 = x1;
  let z3 = 1n;
  let swap = 0n;
  for (let t = 254n; t >= 0n; t--) {
    const kt = (k >> t) & 1n;
    swap ^= kt;
    const mask = -swap;
    let d = mask & (x2 ^ x3);
    x2 ^= d;
    x3 ^= d;
    d = mask & (z2 ^ z3);
    z2 ^= d;
    z3 ^= d;
    swap = kt;
    const a = mod(x2 + z2);
    const aa = mod(a * a);
    const b = mod(x2 - z2);
    const bb = mod(b * b);
    const e = mod(aa - bb);
    const c = mod(x3 + z3);
    const dd = mod(x3 - z3);
    const da = mod(dd * a);
    const cb = mod(c * b);
    const sum = mod(da + cb);
    const diff = mod(da - cb);
    x3 = mod(sum * sum);
    z3 = mod(x1 * mod(diff * diff));
    x2 = mod(aa * bb);
    z2 = mod(e * mod(aa + A24 * e));
  }
  const mask = -swap;
  let d = mask & (x2 ^ x3);
  x2 ^= d;
  d = mask & (z2 ^ z3);
  z2 ^= d;
  return bigIntToBytesLE(mod(x2 * modPow(z2, P - 2n, P)), 32);
}

/** Public key for a 32-byte private key: X25519(k, 9). */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return x25519(privateKey, x25519BasePoint());
}

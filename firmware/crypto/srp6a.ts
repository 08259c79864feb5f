/**
 * SRP-6a arithmetic for the device (server) side of security 2, exactly as spec 6.6 and the
 * vectors' "Device rules" 5 describe ESP-IDF's esp_srp.c. Generic over group and hash so the
 * RFC 5054 appendix B vector can exercise it; the device uses SRP_GROUP_3072 with SHA-512.
 */
import { concatBytes, constantTimeEqual } from "../protocol/bytes";
import { bigIntToBytes, bigIntToPaddedBytes, bytesToBigInt } from "./bigint-bytes";
import { modPow } from "./modpow";
import type { SrpGroup } from "./srp-groups";
import type { SrpDeviceInput } from "../protocol/protocomm/security/scheme";

/** One-shot hash (SHA-512 through the CryptoPort on the device). */
export type HashFunction = (data: Uint8Array) => Uint8Array;

const pad = (group: SrpGroup, n: bigint): Uint8Array => bigIntToPaddedBytes(n, group.byteLength);

/** `bytes` left-padded with zeros to `length` (PAD() of a value already in bytes, no bigint round trip). */
function padBytes(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length === length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

/** A view of `bytes` without its leading zero bytes (the minimal big-endian form of the same value). */
function withoutLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** k = H(N | PAD(g)). */
export function srpMultiplier(group: SrpGroup, H: HashFunction): bigint {
  return bytesToBigInt(H(concatBytes(bigIntToBytes(group.N), pad(group, group.g))));
}

/** What every session of one group and hash shares: k and H(N) xor H(g) [spec 6.6]. */
export interface SrpGroupConstants {
  readonly k: bigint;
  /** k as minimal big-endian bytes (debug value). */
  readonly kBytes: Uint8Array;
  /** H(N) xor H(PAD(g)), the first term of M. */
  readonly hashNxorHashG: Uint8Array;
}

/** Computes the constants of `group` under `H` (N's bytes and PAD(g) are converted once). */
export function srpGroupConstants(group: SrpGroup, H: HashFunction): SrpGroupConstants {
  const nBytes = bigIntToBytes(group.N);
  const gPadded = pad(group, group.g);
  const kDigest = H(concatBytes(nBytes, gPadded));
  const hN = H(nBytes);
  const hg = H(gPadded);
  return Object.freeze({
    k: bytesToBigInt(kDigest),
    kBytes: withoutLeadingZeros(kDigest),
    hashNxorHashG: hN.map((x, i) => x ^ hg[i]!),
  });
}

/** x = H(salt | H(I | ":" | P)), with the full inner digest. */
export function srpPrivateKey(H: HashFunction, salt: Uint8Array, username: Uint8Array, password: Uint8Array): bigint {
  const inner = H(concatBytes(username, Uint8Array.of(0x3a), password));
  return bytesToBigInt(H(concatBytes(salt, inner)));
}

/** v = g^x mod N, as minimal big-endian bytes (for devices that derive it from the PoP). */
export function srpVerifier(
  group: SrpGroup,
  H: HashFunction,
  salt: Uint8Array,
  username: Uint8Array,
  password: Uint8Array,
): Uint8Array {
  return bigIntToBytes(modPow(group.g, srpPrivateKey(H, salt, username, password), group.N));
}

/** Inputs of one device-side SRP session: the protocol's {@link SrpDeviceInput}. */
export type SrpServerInput = SrpDeviceInput;

/** Intermediate values, exposed for debugging a failed replay (vectors "device_derived_values"). */
export interface SrpServerDerived {
  readonly k: Uint8Array;
  readonly u: Uint8Array;
  readonly S: Uint8Array;
  readonly K: Uint8Array;
  readonly expectedProof: Uint8Array;
  readonly serverProof: Uint8Array;
}

export interface SrpServerSession {
  /** B = (k·v + g^b) mod N, minimal big-endian bytes (what the device sends). */
  readonly serverPublic: Uint8Array;
  /** K = H(S), S as minimal bytes. */
  readonly sessionKey: Uint8Array;
  readonly derived: SrpServerDerived;
  /** Returns H(A | M | K) if `clientProof` equals the expected M, else undefined. */
  verifyClientProof(clientProof: Uint8Array): Uint8Array | undefined;
}

/**
 * Runs the device side of SRP-6a up to the expected proof. Returns undefined when A is unusable:
 * A mod N == 0 [spec 6.6 "Aborts if A mod N == 0"] or A longer than N.
 */
export function srpServerSession(
  group: SrpGroup,
  H: HashFunction,
  input: SrpServerInput,
  constants: SrpGroupConstants = srpGroupConstants(group, H),
): SrpServerSession | undefined {
  const { N, g, byteLength } = group;
  if (input.clientPublic.length > byteLength) return undefined;
  const A = bytesToBigInt(input.clientPublic);
  if (A % N === 0n) return undefined;
  const v = bytesToBigInt(input.verifier);
  const b = bytesToBigInt(input.privateValue);
  const B = (constants.k * v + modPow(g, b, N)) % N;
  const Bpadded = pad(group, B);
  const Bbytes = withoutLeadingZeros(Bpadded);
  const uDigest = H(concatBytes(padBytes(input.clientPublic, byteLength), Bpadded));
  const S = modPow((A * modPow(v, bytesToBigInt(uDigest), N)) % N, b, N);
  const Sbytes = bigIntToBytes(S);
  const K = H(Sbytes);
  const M = H(concatBytes(constants.hashNxorHashG, H(input.username), input.salt, input.clientPublic, Bbytes, K));
  const HAMK = H(concatBytes(input.clientPublic, M, K));
  return {
    serverPublic: Bbytes,
    sessionKey: K,
    derived: {
      k: constants.kBytes,
      u: withoutLeadingZeros(uDigest),
      S: Sbytes,
      K,
      expectedProof: M,
      serverProof: HAMK,
    },
    verifyClientProof: (proof) => (constantTimeEqual(proof, M) ? HAMK : undefined),
  };
}

/** A device-side SRP server bound to one group and hash. */
export interface SrpServer {
  /** As `srpServerSession`, with the group constants computed on the first call and kept. */
  session(input: SrpServerInput): SrpServerSession | undefined;
}

export function createSrpServer(group: SrpGroup, H: HashFunction): SrpServer {
  let constants: SrpGroupConstants | undefined;
  return Object.freeze({
    session: (input: SrpServerInput) => srpServerSession(group, H, input, (constants ??= srpGroupConstants(group, H))),
  });
}

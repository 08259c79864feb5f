/**
 * Host side of the XS crypto bridge (test/xs/shims/crypto-port.ts): runs each CryptoPort call made
 * on XS against the CryptoPort the Node tests use (test/helpers/crypto-port.ts), so both runs see
 * one implementation. Hash and CTR objects stay here, referenced from XS by a numeric id.
 */
import type { CryptoPort, Hash, HashAlgorithm, StreamCipher } from "../../firmware/ports/crypto";
import { getTestCrypto } from "./crypto-port";

type Wire = { hex: string } | string | number | null;

export interface CryptoReply { ok: boolean; value?: unknown; error?: string }

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

/** Creates the per-worker dispatcher; open hashes and ciphers are local to the returned function. */
export function createCryptoHost(crypto: CryptoPort = getTestCrypto()): (op: string, args: Wire[]) => CryptoReply {
  const objects = new Map<number, Hash | StreamCipher>();
  let nextId = 1;
  const put = (object: Hash | StreamCipher): number => {
    objects.set(nextId, object);
    return nextId++;
  };
  const take = <T>(id: unknown): T => {
    const object = objects.get(Number(id));
    if (!object) throw new Error(`unknown crypto object ${String(id)}`);
    return object as T;
  };
  const b = (v: unknown) => v as Uint8Array;

  const ops: Record<string, (...a: unknown[]) => unknown> = {
    random: (n) => crypto.random(Number(n)),
    hashCreate: (alg) => put(crypto.createHash(alg as HashAlgorithm)),
    hashUpdate: (id, data) => void take<Hash>(id).update(b(data)),
    hashDigest: (id) => {
      const digest = take<Hash>(id).digest();
      objects.delete(Number(id));
      return digest;
    },
    hash: (alg, data) => crypto.hash(alg as HashAlgorithm, b(data)),
    hmac: (alg, key, data) => crypto.hmac(alg as HashAlgorithm, b(key), b(data)),
    ctrCreate: (key, iv) => put(crypto.aesCtr(b(key), b(iv))),
    ctrProcess: (id, data) => take<StreamCipher>(id).process(b(data)),
    gcmEncrypt: (key, iv, plaintext, aad) => crypto.aesGcmEncrypt(b(key), b(iv), b(plaintext), aad === undefined ? undefined : b(aad)),
    gcmDecrypt: (key, iv, data, aad) => crypto.aesGcmDecrypt(b(key), b(iv), b(data), aad === undefined ? undefined : b(aad)),
    ecdsaP256Verify: (point, data, signature) => crypto.ecdsaP256Verify(b(point), b(data), b(signature)),
    rsaSign: (pkcs8, data, padding) => crypto.rsaSign(b(pkcs8), b(data), padding as "pkcs1" | "pss"),
  };

  return (op, args) => {
    const fn = ops[op];
    if (!fn) return { ok: false, error: `unknown crypto op ${op}` };
    try {
      const decoded = args.map((a) => (a !== null && typeof a === "object" ? new Uint8Array(Buffer.from(a.hex, "hex")) : a ?? undefined));
      const value = fn(...decoded);
      return { ok: true, value: value instanceof Uint8Array ? toHex(value) : value ?? null };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
}

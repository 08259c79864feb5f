/**
 * Host side of the XS crypto bridge (test/xs/shims/crypto-port.ts): runs each CryptoPort call
 * from XS on node:crypto. Hash and CTR objects live here, referenced from XS by a numeric id.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, constants, randomBytes, sign, verify } from "node:crypto";
import type { Cipher, CipherGCMTypes, Hash } from "node:crypto";

type Wire = { hex: string } | string | number | null;

export interface CryptoReply { ok: boolean; value?: unknown; error?: string }

const NODE_HASH = Object.freeze({ "SHA-256": "sha256", "SHA-512": "sha512" } as Record<string, string>);
const AES_BITS = Object.freeze({ 16: 128, 24: 192, 32: 256 } as Record<number, number>);
// DER SubjectPublicKeyInfo header for an uncompressed P-256 point (id-ecPublicKey, prime256v1).
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

function hashName(algorithm: unknown): string {
  const name = NODE_HASH[String(algorithm)];
  if (!name) throw new Error(`unsupported hash ${String(algorithm)}`);
  return name;
}

function aesName(key: Buffer, mode: "ctr"): string;
function aesName(key: Buffer, mode: "gcm"): CipherGCMTypes;
function aesName(key: Buffer, mode: "ctr" | "gcm"): string {
  const bits = AES_BITS[key.length];
  if (!bits) throw new Error(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  return `aes-${bits}-${mode}`;
}

/** Creates the per-worker dispatcher; state (open hashes/ciphers) is local to the returned function. */
export function createCryptoHost(): (op: string, args: Wire[]) => CryptoReply {
  const objects = new Map<number, Hash | Cipher>();
  let nextId = 1;
  const put = (object: Hash | Cipher): number => {
    objects.set(nextId, object);
    return nextId++;
  };
  const take = <T>(id: unknown): T => {
    const object = objects.get(Number(id));
    if (!object) throw new Error(`unknown crypto object ${String(id)}`);
    return object as T;
  };

  const ops: Record<string, (...a: unknown[]) => unknown> = {
    random: (n) => randomBytes(Number(n)),
    hashCreate: (alg) => put(createHash(hashName(alg))),
    hashUpdate: (id, data) => void take<Hash>(id).update(data as Buffer),
    hashDigest: (id) => {
      const digest = take<Hash>(id).digest();
      objects.delete(Number(id));
      return digest;
    },
    hash: (alg, data) => createHash(hashName(alg)).update(data as Buffer).digest(),
    hmac: (alg, key, data) => createHmac(hashName(alg), key as Buffer).update(data as Buffer).digest(),
    ctrCreate: (key, iv) => put(createCipheriv(aesName(key as Buffer, "ctr"), key as Buffer, iv as Buffer)),
    ctrProcess: (id, data) => take<Cipher>(id).update(data as Buffer),
    gcmEncrypt: (key, iv, plaintext, aad) => {
      const cipher = createCipheriv(aesName(key as Buffer, "gcm"), key as Buffer, iv as Buffer);
      if (aad) cipher.setAAD(aad as Buffer);
      return Buffer.concat([cipher.update(plaintext as Buffer), cipher.final(), cipher.getAuthTag()]);
    },
    gcmDecrypt: (key, iv, data, aad) => {
      const bytes = data as Buffer;
      if (bytes.length < 16) return null;
      const decipher = createDecipheriv(aesName(key as Buffer, "gcm"), key as Buffer, iv as Buffer);
      if (aad) decipher.setAAD(aad as Buffer);
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
      } catch {
        return null;
      }
    },
    ecdsaP256Verify: (point, data, signature) => {
      const key = createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, point as Buffer]), format: "der", type: "spki" });
      return verify("sha256", data as Buffer, key, signature as Buffer);
    },
    rsaSign: (pkcs8, data, padding) => {
      const key = createPrivateKey({ key: pkcs8 as Buffer, format: "der", type: "pkcs8" });
      if (padding === "pss") {
        return sign("sha256", data as Buffer, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
      }
      return sign("sha256", data as Buffer, { key, padding: constants.RSA_PKCS1_PADDING });
    },
  };

  return (op, args) => {
    const fn = ops[op];
    if (!fn) return { ok: false, error: `unknown crypto op ${op}` };
    try {
      const decoded = args.map((a) => (a !== null && typeof a === "object" ? Buffer.from(a.hex, "hex") : a ?? undefined));
      const value = fn(...decoded);
      return { ok: true, value: Buffer.isBuffer(value) ? value.toString("hex") : value ?? null };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

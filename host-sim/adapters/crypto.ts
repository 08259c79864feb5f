import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import type { CipherGCMTypes } from "node:crypto";
import type { CryptoPort, Hash, HashAlgorithm, StreamCipher } from "../../firmware/ports/crypto";

const NODE_HASH: Readonly<Record<HashAlgorithm, string>> = Object.freeze({ "SHA-256": "sha256", "SHA-512": "sha512" });
const AES_BITS: Readonly<Record<number, number>> = Object.freeze({ 16: 128, 24: 192, 32: 256 });
const GCM_TAG_LENGTH = 16;
// DER SubjectPublicKeyInfo header for an uncompressed P-256 point (id-ecPublicKey, prime256v1).
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

const copy = (b: Buffer): Uint8Array => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));

function hashName(algorithm: HashAlgorithm): string {
  const name = NODE_HASH[algorithm];
  if (!name) throw new RangeError(`unsupported hash ${String(algorithm)}`);
  return name;
}

function aesName(key: Uint8Array, mode: "ctr" | "gcm"): string {
  const bits = AES_BITS[key.length];
  if (!bits) throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  return `aes-${bits}-${mode}`;
}

/**
 * Host {@link CryptoPort}: node:crypto restricted to what the ESP32 offers natively through
 * Moddable (hash, HMAC, AES-CTR/GCM, ECDSA P-256 verify, RSA sign, RNG).
 */
export function createCrypto(): CryptoPort {
  return {
    random: (length) => copy(randomBytes(length)),
    createHash(algorithm): Hash {
      const h = createHash(hashName(algorithm));
      return { update: (data) => void h.update(data), digest: () => copy(h.digest()) };
    },
    hash: (algorithm, data) => copy(createHash(hashName(algorithm)).update(data).digest()),
    hmac: (algorithm, key, data) => copy(createHmac(hashName(algorithm), key).update(data).digest()),
    aesCtr(key, iv): StreamCipher {
      if (iv.length !== 16) throw new RangeError("AES-CTR IV must be 16 bytes");
      const c = createCipheriv(aesName(key, "ctr"), key, iv);
      return { process: (data) => copy(c.update(data)) };
    },
    aesGcmEncrypt(key, iv, plaintext, aad) {
      const c = createCipheriv(aesName(key, "gcm") as CipherGCMTypes, key, iv, { authTagLength: GCM_TAG_LENGTH });
      if (aad) c.setAAD(aad);
      return copy(Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]));
    },
    aesGcmDecrypt(key, iv, data, aad) {
      if (data.length < GCM_TAG_LENGTH) return undefined;
      const d = createDecipheriv(aesName(key, "gcm") as CipherGCMTypes, key, iv, { authTagLength: GCM_TAG_LENGTH });
      if (aad) d.setAAD(aad);
      d.setAuthTag(data.subarray(data.length - GCM_TAG_LENGTH));
      const body = d.update(data.subarray(0, data.length - GCM_TAG_LENGTH));
      try {
        return copy(Buffer.concat([body, d.final()]));
      } catch {
        return undefined;
      }
    },
    ecdsaP256Verify(publicKey, data, signature) {
      if (publicKey.length !== 65 || publicKey[0] !== 4) return false;
      try {
        const key = createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
        return verify("sha256", data, { key, dsaEncoding: "der" }, signature);
      } catch {
        return false;
      }
    },
    rsaSign(privateKeyPkcs8, data, padding) {
      const key = createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: "der", type: "pkcs8" });
      const options =
        padding === "pss"
          ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
          : { key, padding: constants.RSA_PKCS1_PADDING };
      return copy(sign("sha256", data, options));
    },
  };
}

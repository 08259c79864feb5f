import { BlockCipher, Digest, Mode } from "crypt";
import Curve from "curve";
import ECDSA from "ecdsa";
import ECPoint from "ecp";
import GCM from "gcm";
import HMAC from "hmac";
import PKCS1 from "pkcs1";
import PKCS1_5 from "pkcs1_5";
import PKCS8, { type RsaPrivateKey } from "pkcs8";
import RNG from "rng";
import RSA from "rsa";
import type { CryptoPort, HashAlgorithm } from "../../ports/crypto";
import { asArrayBuffer, fromArrayBuffer, messageOf, toArrayBuffer } from "./buffers";
import { p256SignatureFromDer } from "./ecdsa-der";
import { emsaPssEncode } from "./emsa-pss";

const DigestName = Object.freeze({ "SHA-256": "SHA256", "SHA-512": "SHA512" } as const);
/** DigestInfo OID of SHA-256 (2.16.840.1.101.3.4.2.1) for PKCS#1 v1.5 signatures. */
const Sha256Oid = Object.freeze([2, 16, 840, 1, 101, 3, 4, 2, 1]);
const GcmTagBytes = 16;

function digest(algorithm: HashAlgorithm): Digest {
  const name = DigestName[algorithm];
  if (!name) throw new Error(`unsupported hash ${String(algorithm)}`);
  return new Digest(name);
}

function sha256(data: Uint8Array): Uint8Array {
  const d = new Digest("SHA256");
  d.write(asArrayBuffer(data));
  return fromArrayBuffer(d.close());
}

function aes(key: Uint8Array): BlockCipher {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new Error(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  return new BlockCipher("AES", toArrayBuffer(key));
}

function gcmIv(iv: Uint8Array): ArrayBuffer {
  if (iv.length === 0) throw new Error("AES-GCM IV must not be empty");
  return toArrayBuffer(iv);
}

function parseRsaKey(der: Uint8Array): RsaPrivateKey {
  try {
    const key = PKCS8.parse(toArrayBuffer(der));
    if (typeof key.modulus !== "bigint" || typeof key.privExponent !== "bigint" || key.modulus <= 0n) throw new Error("not an RSA key");
    return key;
  } catch (error) {
    throw new Error(`rsaSign: not a PKCS#8 RSA private key (${messageOf(error)})`);
  }
}

function pssSign(key: RsaPrivateKey, data: Uint8Array): Uint8Array {
  const modulusBits = key.modulus.toString(2).length;
  const em = emsaPssEncode(sha256, sha256(data), fromArrayBuffer(RNG.get(32)), modulusBits);
  const rsa = new RSA(key.privExponent, key.modulus, key.prim1, key.prim2, key.exponent1, key.exponent2, key.coefficient);
  return fromArrayBuffer(PKCS1.I2OSP(rsa.process(PKCS1.OS2IP(toArrayBuffer(em))), rsa.modulusSize));
}

/** {@link CryptoPort} on the SDK's `crypt`, `hmac`, `gcm`, `ecdsa`, `rng` and RSA modules. */
export function createCrypto(): CryptoPort {
  return {
    random(length) {
      if (!Number.isInteger(length) || length < 0) throw new Error(`random: bad length ${length}`);
      return length === 0 ? new Uint8Array(0) : fromArrayBuffer(RNG.get(length));
    },
    createHash(algorithm) {
      const d = digest(algorithm);
      let done = false;
      return {
        update(data) {
          if (done) throw new Error("hash already finished");
          d.write(asArrayBuffer(data));
        },
        digest() {
          if (done) throw new Error("hash already finished");
          done = true;
          return fromArrayBuffer(d.close());
        },
      };
    },
    hash(algorithm, data) {
      const d = digest(algorithm);
      d.write(asArrayBuffer(data));
      return fromArrayBuffer(d.close());
    },
    hmac(algorithm, key, data) {
      return fromArrayBuffer(new HMAC(digest(algorithm), key).process(data));
    },
    aesCtr(key, iv) {
      if (iv.length !== 16) throw new Error(`AES-CTR IV must be 16 bytes, got ${iv.length}`);
      const mode = new Mode("CTR", aes(key), toArrayBuffer(iv));
      return { process: (data) => fromArrayBuffer(mode.encrypt(data)) };
    },
    aesGcmEncrypt(key, iv, plaintext, aad) {
      const out = new GCM(aes(key), GcmTagBytes).process(plaintext, undefined, gcmIv(iv), aad && toArrayBuffer(aad), true);
      if (!out) throw new Error("AES-GCM encryption failed");
      return fromArrayBuffer(out);
    },
    aesGcmDecrypt(key, iv, data, aad) {
      if (data.length < GcmTagBytes) return undefined;
      const out = new GCM(aes(key), GcmTagBytes).process(new Uint8Array(data), undefined, gcmIv(iv), aad && toArrayBuffer(aad), false);
      return out === undefined ? undefined : fromArrayBuffer(out).slice();
    },
    ecdsaP256Verify(publicKey, data, signature) {
      if (publicKey.length !== 65 || publicKey[0] !== 0x04) return false;
      const raw = p256SignatureFromDer(signature);
      if (!raw) return false;
      try {
        const verifier = new ECDSA(ECPoint.fromOctetString(publicKey), new Curve("secp256r1"), false);
        return verifier.verify(toArrayBuffer(sha256(data)), toArrayBuffer(raw), false);
      } catch {
        return false;
      }
    },
    rsaSign(privateKeyPkcs8, data, padding) {
      const key = parseRsaKey(privateKeyPkcs8);
      if (padding === "pss") return pssSign(key, data);
      const signer = new PKCS1_5(key, true, [...Sha256Oid]);
      return fromArrayBuffer(signer.sign(toArrayBuffer(sha256(data))));
    },
  };
}

export type HashAlgorithm = "SHA-256" | "SHA-512";

/** Incremental hash (Moddable `crypt` Digest). */
export interface Hash {
  update(data: Uint8Array): void;
  /** Final digest; the hash cannot be used afterwards. */
  digest(): Uint8Array;
}

/** A cipher that keeps its keystream position across calls (AES-CTR). */
export interface StreamCipher {
  /** Encrypt or decrypt (the same operation), advancing the keystream by `data.length`. */
  process(data: Uint8Array): Uint8Array;
}

/**
 * The primitives the ESP32 has natively through Moddable's `crypt`, `hmac`, `gcm`, `ecdsa`, `rng`
 * modules. Nothing else: X25519 and SRP arithmetic live in `firmware/crypto/` as pure TS, because
 * the board has no native X25519. Host adapter: node:crypto restricted to this set.
 */
export interface CryptoPort {
  /** Cryptographically strong random bytes. */
  random(length: number): Uint8Array;
  createHash(algorithm: HashAlgorithm): Hash;
  hash(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array;
  hmac(algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-CTR with a 128-bit big-endian counter block starting at `iv` (16 bytes); key 16/24/32 bytes. */
  aesCtr(key: Uint8Array, iv: Uint8Array): StreamCipher;
  /** AES-GCM; returns ciphertext followed by the 16-byte tag. */
  aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  /** AES-GCM; `data` is ciphertext followed by the tag. Returns `undefined` when the tag does not verify. */
  aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad?: Uint8Array): Uint8Array | undefined;
  /**
   * ECDSA P-256 / SHA-256 verification of `signature` (DER) over `data`.
   * `publicKey` is the uncompressed SEC1 point (65 bytes).
   */
  ecdsaP256Verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean;
  /**
   * RSA signature with SHA-256 over `data` using a PKCS#8 DER private key.
   * `pkcs1` = RSASSA-PKCS1-v1_5 (TLS, CSRs), `pss` = RSASSA-PSS/MGF1-SHA256 (challenge-response, spec 5.2).
   */
  rsaSign(privateKeyPkcs8: Uint8Array, data: Uint8Array, padding: "pkcs1" | "pss"): Uint8Array;
}

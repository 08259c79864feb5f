/**
 * EMSA-PSS encoding (RFC 8017 sec. 9.1.1) with MGF1. The SDK has RSA and PKCS#1 v1.5 but no PSS,
 * which RainMaker needs for the challenge-response signature with an RSA node key [spec 5.2].
 * Pure TS so it can be checked against node:crypto on the host.
 */

/** One-shot hash used by the encoder (SHA-256 for RainMaker). */
export type HashFunction = (data: Uint8Array) => Uint8Array;

function mgf1(hash: HashFunction, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  let filled = 0;
  for (let counter = 0; filled < length; counter++) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    const chunk = hash(block);
    const take = Math.min(chunk.length, length - filled);
    out.set(chunk.subarray(0, take), filled);
    filled += take;
  }
  return out;
}

/**
 * Encoded message EM for a modulus of `modulusBits` bits: `emLen = ceil((modulusBits - 1) / 8)`.
 * `messageHash` is Hash(M); `salt` is usually hLen random bytes.
 */
export function emsaPssEncode(hash: HashFunction, messageHash: Uint8Array, salt: Uint8Array, modulusBits: number): Uint8Array {
  const emBits = modulusBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = messageHash.length;
  if (emLen < hLen + salt.length + 2) throw new Error(`PSS: a ${modulusBits}-bit modulus is too small for this hash and salt`);
  const mPrime = new Uint8Array(8 + hLen + salt.length);
  mPrime.set(messageHash, 8);
  mPrime.set(salt, 8 + hLen);
  const h = hash(mPrime);
  const dbLen = emLen - hLen - 1;
  const db = new Uint8Array(dbLen);
  db[dbLen - salt.length - 1] = 0x01;
  db.set(salt, dbLen - salt.length);
  const mask = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = db[i]! ^ mask[i]!;
  db[0] = db[0]! & (0xff >>> (8 * emLen - emBits));
  const em = new Uint8Array(emLen);
  em.set(db);
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  return em;
}

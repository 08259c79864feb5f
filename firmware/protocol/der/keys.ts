/** SubjectPublicKeyInfo and PKCS#8 encodings of node keys [spec 4.2]. */
import { derBitString, derInteger, derNull, derOctetString, derOid, derSequence } from "./writer";
import { Oids } from "./oids";

/** RSA private key parameters (RFC 8017 A.1.2). */
export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

/** RSAPublicKey inside SubjectPublicKeyInfo (RFC 8017 A.1.1, RFC 5280 4.1.2.7). */
export function rsaSubjectPublicKeyInfo(n: bigint, e: bigint): Uint8Array {
  return derSequence(derSequence(derOid(Oids.rsaEncryption), derNull()), derBitString(derSequence(derInteger(n), derInteger(e))));
}

/** PKCS#8 PrivateKeyInfo (RFC 5208) wrapping RSAPrivateKey version 0. */
export function rsaPkcs8(k: RsaPrivateKey): Uint8Array {
  const rsa = derSequence(
    derInteger(0), derInteger(k.n), derInteger(k.e), derInteger(k.d),
    derInteger(k.p), derInteger(k.q), derInteger(k.dp), derInteger(k.dq), derInteger(k.qi),
  );
  return derSequence(derInteger(0), derSequence(derOid(Oids.rsaEncryption), derNull()), derOctetString(rsa));
}

/** EC P-256 SubjectPublicKeyInfo from the 65-byte uncompressed point (RFC 5480). */
export function ecP256SubjectPublicKeyInfo(point: Uint8Array): Uint8Array {
  if (point.length !== 65 || point[0] !== 4) throw new RangeError("P-256 public key must be 65 bytes, uncompressed");
  return derSequence(derSequence(derOid(Oids.ecPublicKey), derOid(Oids.prime256v1)), derBitString(point));
}

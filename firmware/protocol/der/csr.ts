/** PKCS#10 certification request (RFC 2986) with subject `CN=<node id>` [spec 4.2]. */
import { derBitString, derContext, derNull, derOid, derSequence, derSet, derInteger, derUtf8String } from "./writer";
import { Oids } from "./oids";
import { derToPem } from "./pem";

export type CsrSignatureAlgorithm = "sha256-rsa" | "ecdsa-sha256";

/** The signer of a CSR: SHA-256 + RSASSA-PKCS1-v1_5, or ECDSA P-256 (signature as DER). */
export interface CsrSigner {
  readonly algorithm: CsrSignatureAlgorithm;
  /** DER SubjectPublicKeyInfo of the key. */
  readonly subjectPublicKeyInfo: Uint8Array;
  /** Signs the DER CertificationRequestInfo (the signer hashes it). */
  sign(data: Uint8Array): Uint8Array;
}

/** Name with one RDN, CN as UTF8String. */
export function commonNameName(cn: string): Uint8Array {
  return derSequence(derSet(derSequence(derOid(Oids.commonName), derUtf8String(cn))));
}

function algorithmIdentifier(algorithm: CsrSignatureAlgorithm): Uint8Array {
  // RFC 4055: sha256WithRSAEncryption has NULL parameters; RFC 5758: ecdsa-with-SHA256 has none.
  return algorithm === "sha256-rsa" ? derSequence(derOid(Oids.sha256WithRsa), derNull()) : derSequence(derOid(Oids.ecdsaWithSha256));
}

/** DER CSR for `commonName`, signed by `signer`. */
export function buildCsr(commonName: string, signer: CsrSigner): Uint8Array {
  if (commonName.length === 0) throw new RangeError("CSR common name is empty");
  const info = derSequence(derInteger(0), commonNameName(commonName), signer.subjectPublicKeyInfo, derContext(0, new Uint8Array(0)));
  return derSequence(info, algorithmIdentifier(signer.algorithm), derBitString(signer.sign(info)));
}

/** PEM of a CSR, as the claim service expects it [spec 4.3]. */
export function csrPem(der: Uint8Array): string {
  return derToPem(der, "CERTIFICATE REQUEST");
}

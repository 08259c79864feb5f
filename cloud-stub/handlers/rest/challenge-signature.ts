/**
 * Checks a device's challenge response with the public key of its certificate [spec 5.2]: SHA-256 over
 * the challenge bytes; EC keys sign ECDSA (DER), RSA keys RSASSA-PSS with MGF1-SHA256 (any salt length).
 */
import { X509Certificate, constants, verify } from "node:crypto";

export function verifyChallengeSignature(certificatePem: string, challenge: Uint8Array, signature: Uint8Array): boolean {
  let key;
  try {
    key = new X509Certificate(certificatePem).publicKey;
  } catch {
    return false;
  }
  try {
    if (key.asymmetricKeyType === "ec") return verify("sha256", challenge, { key, dsaEncoding: "der" }, signature);
    if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss") {
      return verify("sha256", challenge, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
    }
  } catch {
    return false;
  }
  return false;
}

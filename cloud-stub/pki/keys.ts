import { webcrypto, randomBytes } from "node:crypto";
import { PemConverter } from "./x509";
import { PkiAlgorithms } from "./pki-constants";

export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** The webcrypto provider every PKI call is given explicitly (no global provider state). */
export const pkiCrypto: webcrypto.Crypto = webcrypto;

export async function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  return pkiCrypto.subtle.generateKey(PkiAlgorithms.rsaKeyGen, true, ["sign", "verify"]);
}

export async function generateEcKeyPair(): Promise<CryptoKeyPair> {
  return pkiCrypto.subtle.generateKey(PkiAlgorithms.ecKeyGen, true, ["sign", "verify"]);
}

/** PKCS#8 PEM ("PRIVATE KEY"), the form Moddable's TLS parses as `clientKey` [moddable.md TLS]. */
export async function exportPkcs8Pem(key: CryptoKey): Promise<string> {
  const der = await pkiCrypto.subtle.exportKey("pkcs8", key);
  return PemConverter.encode(der, "PRIVATE KEY");
}

export async function importRsaSigningKey(pkcs8Pem: string): Promise<CryptoKey> {
  const [der] = PemConverter.decode(pkcs8Pem);
  if (!der) throw new Error("no PEM block in private key file");
  return pkiCrypto.subtle.importKey("pkcs8", der, PkiAlgorithms.rsaSign, false, ["sign"]);
}

/** 16 random bytes as hex with the top bit cleared, so the DER INTEGER stays positive (RFC 5280 4.1.2.2). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString("hex");
}

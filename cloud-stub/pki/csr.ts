import { Pkcs10CertificateRequest } from "./x509";
import type { PublicKey } from "./x509";
import { pkiCrypto } from "./keys";

/** Key types a node CSR may carry [spec 4.2]. */
export type NodeKeyType = "ec-p256" | "rsa-2048";

export type CsrErrorCode = "csr_malformed" | "csr_bad_signature" | "csr_unsupported_key" | "csr_bad_subject";

export interface ParsedCsr {
  commonName: string;
  keyType: NodeKeyType;
  publicKey: PublicKey;
}

export type CsrResult = { ok: true; csr: ParsedCsr } | { ok: false; code: CsrErrorCode; message: string };

/** Largest CSR accepted: an RSA-2048 CSR is ~1 KB of PEM; anything near this is not a node CSR. */
export const CSR_MAX_PEM_CHARS = 8192;

const PEM_CSR = /^\s*-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\sA-Za-z0-9+/=]+-----END (NEW )?CERTIFICATE REQUEST-----\s*$/;

function fail(code: CsrErrorCode, message: string): CsrResult {
  return { ok: false, code, message };
}

function keyTypeOf(publicKey: PublicKey): NodeKeyType | undefined {
  const algorithm = publicKey.algorithm as { name?: string; namedCurve?: string; modulusLength?: number };
  if (algorithm.name === "ECDSA" && algorithm.namedCurve === "P-256") return "ec-p256";
  if ((algorithm.name === "RSASSA-PKCS1-v1_5" || algorithm.name === "RSA-PSS") && algorithm.modulusLength === 2048) return "rsa-2048";
  return undefined;
}

/**
 * Parses a PEM CSR (the device escapes newlines as `\n` in JSON [spec 4.3]; JSON.parse has already
 * turned them back), verifies its self-signature, and checks the subject is a single CN and the key
 * is EC P-256 or RSA-2048 [spec 4.2]. Never throws.
 */
export async function parseNodeCsr(pem: string): Promise<CsrResult> {
  if (pem.length > CSR_MAX_PEM_CHARS) return fail("csr_malformed", `CSR longer than ${CSR_MAX_PEM_CHARS} characters`);
  if (!PEM_CSR.test(pem)) return fail("csr_malformed", "CSR is not a PEM CERTIFICATE REQUEST block");
  let csr: Pkcs10CertificateRequest;
  try {
    csr = new Pkcs10CertificateRequest(pem.replace(/NEW CERTIFICATE REQUEST/g, "CERTIFICATE REQUEST"));
  } catch (error) {
    return fail("csr_malformed", `CSR does not parse: ${(error as Error).message}`);
  }
  let publicKey: PublicKey;
  try {
    publicKey = csr.publicKey;
  } catch (error) {
    return fail("csr_unsupported_key", `CSR public key does not parse: ${(error as Error).message}`);
  }
  const keyType = keyTypeOf(publicKey);
  if (!keyType) return fail("csr_unsupported_key", "CSR key must be EC P-256 or RSA-2048");
  let valid = false;
  try {
    valid = await csr.verify(pkiCrypto);
  } catch (error) {
    return fail("csr_bad_signature", `CSR signature cannot be checked: ${(error as Error).message}`);
  }
  if (!valid) return fail("csr_bad_signature", "CSR signature does not verify");
  const names = csr.subjectName.toJSON();
  const commonNames = csr.subjectName.getField("CN");
  if (names.length !== 1 || Object.keys(names[0] ?? {}).length !== 1 || commonNames.length !== 1) {
    return fail("csr_bad_subject", `CSR subject must be exactly CN=<node_id>, got "${csr.subject}"`);
  }
  return { ok: true, csr: { commonName: commonNames[0]!, keyType, publicKey } };
}

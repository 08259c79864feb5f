import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from "./x509";
import type { CryptoKey } from "./keys";
import { exportPkcs8Pem, generateRsaKeyPair, importRsaSigningKey, pkiCrypto, randomSerialHex } from "./keys";
import { DAY_MS, PkiAlgorithms, PkiFiles, PkiNames, PkiValidity } from "./pki-constants";

/** The local development CA: signs node, server and service certificates. */
export interface DevCa {
  readonly certificate: X509Certificate;
  /** PEM of the CA certificate (what devices and brokers trust). */
  readonly certificatePem: string;
  readonly signingKey: CryptoKey;
  /** True when this call generated the CA (first start of a data dir). */
  readonly created: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads `ca.key` / `ca.crt` from `dir`, or generates them (RSA-2048, self-signed, 10 years) on
 * first start. The key file is written with mode 0600. Refuses a half-present pair.
 */
export async function loadOrCreateDevCa(dir: string, now: Date = new Date()): Promise<DevCa> {
  const keyPath = join(dir, PkiFiles.caKey);
  const certPath = join(dir, PkiFiles.caCert);
  const [hasKey, hasCert] = await Promise.all([exists(keyPath), exists(certPath)]);
  if (hasKey !== hasCert) {
    throw new Error(`dev CA in ${dir} is incomplete: ${hasKey ? PkiFiles.caCert : PkiFiles.caKey} is missing`);
  }
  if (hasKey) {
    const certificatePem = await readFile(certPath, "utf8");
    const signingKey = await importRsaSigningKey(await readFile(keyPath, "utf8"));
    return { certificate: new X509Certificate(certificatePem), certificatePem, signingKey, created: false };
  }
  await mkdir(dir, { recursive: true });
  const keys = await generateRsaKeyPair();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialHex(),
      name: PkiNames.caSubject,
      notBefore: new Date(now.getTime() - PkiValidity.backdateMinutes * 60_000),
      notAfter: new Date(now.getTime() + PkiValidity.caDays * DAY_MS),
      keys,
      signingAlgorithm: PkiAlgorithms.rsaSign,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, pkiCrypto),
        // Moddable's TLS compares the chain's CA by its Authority Key Identifier and fails without one
        // (seen in mcsim with SDK 8.2.3), so the self-signed CA names its own key.
        await AuthorityKeyIdentifierExtension.create(keys.publicKey, false, pkiCrypto),
      ],
    },
    pkiCrypto,
  );
  const certificatePem = certificate.toString("pem") + "\n";
  await writeFile(keyPath, await exportPkcs8Pem(keys.privateKey), { mode: 0o600 });
  await writeFile(certPath, certificatePem);
  return { certificate, certificatePem, signingKey: await importRsaSigningKey(await readFile(keyPath, "utf8")), created: true };
}

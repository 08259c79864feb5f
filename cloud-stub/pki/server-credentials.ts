import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { X509Certificate } from "./x509";
import type { CertificateAuthority, ServerKeyCredentials } from "./certificate-authority";
import { exportPkcs8Pem, generateRsaKeyPair } from "./keys";
import { DAY_MS, PkiFiles, PkiNames, PkiValidity } from "./pki-constants";

/** Names the broker and HTTPS server certificate covers by default. */
export const DefaultServerNames = Object.freeze({ dnsNames: Object.freeze(["localhost"]), ipAddresses: Object.freeze(["127.0.0.1", "::1"]) });

export interface ServerNames {
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
}

async function readPair(dir: string, keyFile: string, certFile: string): Promise<{ keyPem: string; certPem: string } | null> {
  try {
    return { keyPem: await readFile(join(dir, keyFile), "utf8"), certPem: await readFile(join(dir, certFile), "utf8") };
  } catch {
    return null;
  }
}

function coversNames(certPem: string, names: ServerNames): boolean {
  const cert = new NodeX509Certificate(certPem);
  return names.dnsNames.every((n) => cert.checkHost(n) !== undefined) && names.ipAddresses.every((ip) => cert.checkIP(ip) !== undefined);
}

function stillFresh(certPem: string, now: Date, caPem: string): X509Certificate | null {
  const cert = new X509Certificate(certPem);
  const renewAt = cert.notAfter.getTime() - PkiValidity.serverRenewBeforeDays * DAY_MS;
  if (now.getTime() >= renewAt) return null;
  return cert.issuer === new X509Certificate(caPem).subject ? cert : null;
}

/**
 * The TLS server certificate of the broker and HTTPS listener (`server.key`/`server.crt` in the data
 * dir), signed by the dev CA with SANs for localhost / 127.0.0.1. Kept across restarts; re-issued when
 * missing, close to expiry, issued by another CA, or not covering `names`.
 */
export async function loadOrCreateServerCredentials(
  dir: string,
  authority: CertificateAuthority,
  names: ServerNames = DefaultServerNames,
  now: Date = new Date(),
): Promise<{ keyPem: string; certPem: string }> {
  const existing = await readPair(dir, PkiFiles.serverKey, PkiFiles.serverCert);
  if (existing) {
    const cert = stillFresh(existing.certPem, now, authority.caPem);
    if (cert && coversNames(existing.certPem, names)) return existing;
  }
  const keys = await generateRsaKeyPair();
  const issued = await authority.issue("server", {
    commonName: PkiNames.serverCn,
    publicKey: keys.publicKey,
    usage: "server",
    dnsNames: names.dnsNames,
    ipAddresses: names.ipAddresses,
    validityDays: PkiValidity.serverDays,
    now,
  });
  const keyPem = await exportPkcs8Pem(keys.privateKey);
  await writeFile(join(dir, PkiFiles.serverKey), keyPem, { mode: 0o600 });
  const certPem = issued.pem + "\n";
  await writeFile(join(dir, PkiFiles.serverCert), certPem);
  return { keyPem, certPem };
}

/** The stub's privileged MQTT client credentials (`service.key`/`service.crt`), kept across restarts. */
export async function loadOrCreateServiceCredentials(
  dir: string,
  authority: CertificateAuthority,
  now: Date = new Date(),
): Promise<{ keyPem: string; certPem: string }> {
  const existing = await readPair(dir, PkiFiles.serviceKey, PkiFiles.serviceCert);
  if (existing && stillFresh(existing.certPem, now, authority.caPem)) {
    const serial = new X509Certificate(existing.certPem).serialNumber;
    if (authority.checkClientCertificate(serial, PkiNames.serviceCn, now.getTime()).ok) return existing;
  }
  const fresh: ServerKeyCredentials = await authority.issueServiceCredentials({ now });
  await writeFile(join(dir, PkiFiles.serviceKey), fresh.privateKeyPem, { mode: 0o600 });
  const certPem = fresh.certificatePem + "\n";
  await writeFile(join(dir, PkiFiles.serviceCert), certPem);
  return { keyPem: fresh.privateKeyPem, certPem };
}

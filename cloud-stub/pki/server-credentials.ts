import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { X509Certificate } from "./x509";
import type { CertificateAuthority, ServerKeyCredentials } from "./certificate-authority";
import { exportPkcs8Pem, generateEcKeyPair, generateRsaKeyPair } from "./keys";
import { DAY_MS, PkiFiles, PkiNames, PkiValidity } from "./pki-constants";

/** Names the broker and HTTPS server certificate covers by default. */
export const DefaultServerNames = Object.freeze({ dnsNames: Object.freeze(["localhost"]), ipAddresses: Object.freeze(["127.0.0.1", "::1"]) });

export interface ServerNames {
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
}

/** A PEM private key and the certificate for it. */
export interface PemPair {
  keyPem: string;
  certPem: string;
}

/**
 * The broker's and HTTPS listener's server certificates: the RSA pair every client can use (Moddable
 * devices verify only RSA signatures, `moddable.md` TLS), and an ECDSA P-256 pair the broker also
 * offers to clients that take it.
 */
export interface ServerCredentials extends PemPair {
  ecdsa: PemPair;
}

async function readPair(dir: string, keyFile: string, certFile: string): Promise<PemPair | null> {
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

const ServerKeyKinds = Object.freeze({
  rsa: Object.freeze({ keyFile: PkiFiles.serverKey, certFile: PkiFiles.serverCert, generate: generateRsaKeyPair, signatureOnly: false }),
  ecdsa: Object.freeze({ keyFile: PkiFiles.serverEcKey, certFile: PkiFiles.serverEcCert, generate: generateEcKeyPair, signatureOnly: true }),
});

async function loadOrIssueServerPair(
  dir: string,
  authority: CertificateAuthority,
  names: ServerNames,
  now: Date,
  kind: keyof typeof ServerKeyKinds,
): Promise<PemPair> {
  const files = ServerKeyKinds[kind];
  const existing = await readPair(dir, files.keyFile, files.certFile);
  if (existing) {
    const cert = stillFresh(existing.certPem, now, authority.caPem);
    if (cert && coversNames(existing.certPem, names)) return existing;
  }
  const keys = await files.generate();
  const issued = await authority.issue("server", {
    commonName: PkiNames.serverCn,
    publicKey: keys.publicKey,
    usage: "server",
    signatureOnly: files.signatureOnly,
    dnsNames: names.dnsNames,
    ipAddresses: names.ipAddresses,
    validityDays: PkiValidity.serverDays,
    now,
  });
  const keyPem = await exportPkcs8Pem(keys.privateKey);
  await writeFile(join(dir, files.keyFile), keyPem, { mode: 0o600 });
  const certPem = issued.pem + "\n";
  await writeFile(join(dir, files.certFile), certPem);
  return { keyPem, certPem };
}

/**
 * The TLS server certificates of the broker and HTTPS listener, signed by the dev CA with SANs for
 * localhost / 127.0.0.1: RSA in `server.key`/`server.crt`, ECDSA in `server-ec.key`/`server-ec.crt`
 * (a data dir from before the ECDSA pair gets one at its next start). Each is kept across restarts
 * and re-issued when missing, close to expiry, issued by another CA, or not covering `names`.
 */
export async function loadOrCreateServerCredentials(
  dir: string,
  authority: CertificateAuthority,
  names: ServerNames = DefaultServerNames,
  now: Date = new Date(),
): Promise<ServerCredentials> {
  const rsa = await loadOrIssueServerPair(dir, authority, names, now, "rsa");
  const ecdsa = await loadOrIssueServerPair(dir, authority, names, now, "ecdsa");
  return { ...rsa, ecdsa };
}

/** The stub's privileged MQTT client credentials (`service.key`/`service.crt`), kept across restarts. */
export async function loadOrCreateServiceCredentials(
  dir: string,
  authority: CertificateAuthority,
  now: Date = new Date(),
): Promise<PemPair> {
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

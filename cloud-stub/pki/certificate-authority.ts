import { PemConverter, X509CrlGenerator } from "./x509";
import type { ClaimStore, CertificateKind, CertificateRecord } from "../store/claims";
import type { DevCa } from "./dev-ca";
import { parseNodeCsr } from "./csr";
import type { CsrErrorCode, NodeKeyType } from "./csr";
import { issueCertificate, normaliseSerial } from "./issue";
import type { IssueRequest, IssuedCertificate } from "./issue";
import { exportPkcs8Pem, generateRsaKeyPair, pkiCrypto } from "./keys";
import { PkiAlgorithms, PkiNames } from "./pki-constants";

export type IssueFromCsrResult =
  | { ok: true; certificatePem: string; serial: string; keyType: NodeKeyType; notAfter: Date }
  | { ok: false; code: CsrErrorCode | "csr_wrong_node_id"; message: string };

export interface ServerKeyCredentials {
  /** RSA-2048 PKCS#8 PEM: the only client key type Moddable's TLS signs with [moddable.md TLS]. */
  privateKeyPem: string;
  certificatePem: string;
  serial: string;
}

/** Verdict on a TLS client certificate presented to a broker. */
export type ClientCertificateStatus =
  | { ok: true; kind: CertificateKind; commonName: string }
  | { ok: false; reason: "unknown" | "revoked" | "expired" | "not-yet-valid" | "cn-mismatch" };

export interface IssueOptions {
  now?: Date;
  notBefore?: Date;
  notAfter?: Date;
  validityDays?: number;
}

/**
 * The dev CA plus its registry of issued certificates (serials, revocation) in the claim store.
 * Every certificate it signs is recorded, so brokers can refuse serials it never issued or revoked.
 */
export class CertificateAuthority {
  constructor(
    readonly ca: DevCa,
    private readonly registry: ClaimStore,
  ) {}

  get caPem(): string {
    return this.ca.certificatePem;
  }

  /** Signs and records a certificate. */
  async issue(kind: CertificateKind, request: IssueRequest): Promise<IssuedCertificate> {
    const issued = await issueCertificate(this.ca, request);
    this.record(kind, request.commonName, issued, (request.now ?? new Date()).getTime());
    return issued;
  }

  /** Node certificate from a device CSR: signature verified, CN must equal `nodeId` [spec 4.2]. */
  async issueFromCsr(csrPem: string, nodeId: string, options: IssueOptions = {}): Promise<IssueFromCsrResult> {
    const parsed = await parseNodeCsr(csrPem);
    if (!parsed.ok) return parsed;
    if (parsed.csr.commonName !== nodeId) {
      return { ok: false, code: "csr_wrong_node_id", message: `CSR CN "${parsed.csr.commonName}" is not the node id "${nodeId}"` };
    }
    const issued = await this.issue("node", { commonName: nodeId, publicKey: parsed.csr.publicKey, usage: "client", ...options });
    return { ok: true, certificatePem: issued.pem, serial: issued.serial, keyType: parsed.csr.keyType, notAfter: issued.notAfter };
  }

  /** Key pair generated here for devices that cannot make their own (RSA-2048, PKCS#8). */
  async issueWithServerKey(nodeId: string, options: IssueOptions = {}): Promise<ServerKeyCredentials> {
    const keys = await generateRsaKeyPair();
    const issued = await this.issue("node", { commonName: nodeId, publicKey: keys.publicKey, usage: "client", ...options });
    return { privateKeyPem: await exportPkcs8Pem(keys.privateKey), certificatePem: issued.pem, serial: issued.serial };
  }

  /** Client credentials for the stub's own privileged MQTT client (external broker mode). */
  async issueServiceCredentials(options: IssueOptions = {}): Promise<ServerKeyCredentials> {
    const keys = await generateRsaKeyPair();
    const issued = await this.issue("service", {
      commonName: PkiNames.serviceCn, publicKey: keys.publicKey, usage: "client", ...options,
    });
    return { privateKeyPem: await exportPkcs8Pem(keys.privateKey), certificatePem: issued.pem, serial: issued.serial };
  }

  /** PEM chain as handed to devices: node certificate followed by the CA certificate [spec 4.1]. */
  chainPem(certificatePem: string): string {
    return `${certificatePem.trim()}\n${this.ca.certificatePem.trim()}\n`;
  }

  revoke(serial: string, reason: string, now = Date.now()): boolean {
    return this.registry.revokeCertificate(serial, reason, now);
  }

  /**
   * Registry check of a certificate the TLS layer already chain-verified: it must have been issued
   * by this CA's registry, not revoked, inside its validity, and its CN must be the recorded one.
   */
  checkClientCertificate(serial: string, commonName: string, now = Date.now()): ClientCertificateStatus {
    const record = this.registry.getCertificate(normaliseSerial(serial));
    if (!record) return { ok: false, reason: "unknown" };
    if (record.revokedAt !== null) return { ok: false, reason: "revoked" };
    if (record.commonName !== commonName) return { ok: false, reason: "cn-mismatch" };
    if (now >= record.notAfter) return { ok: false, reason: "expired" };
    if (now < record.notBefore) return { ok: false, reason: "not-yet-valid" };
    return { ok: true, kind: record.kind, commonName: record.commonName };
  }

  /** A PEM CRL of the given revoked certificates (for external brokers: Mosquitto `crlfile`). */
  async crlPem(revoked: readonly CertificateRecord[], now = new Date(), nextUpdateDays = 7): Promise<string> {
    const crl = await X509CrlGenerator.create(
      {
        issuer: this.ca.certificate.subject,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + nextUpdateDays * 86_400_000),
        signingAlgorithm: PkiAlgorithms.rsaSign,
        signingKey: this.ca.signingKey,
        entries: revoked.map((r) => ({ serialNumber: r.serial.length % 2 === 1 ? `0${r.serial}` : r.serial, revocationDate: new Date(r.revokedAt ?? now.getTime()) })),
      },
      pkiCrypto,
    );
    // OpenSSL (Mosquitto `crlfile`) reads only the "X509 CRL" PEM label.
    return PemConverter.encode(crl.rawData, "X509 CRL");
  }

  private record(kind: CertificateKind, commonName: string, issued: IssuedCertificate, issuedAt: number): void {
    this.registry.recordCertificate({
      serial: issued.serial,
      commonName,
      kind,
      pem: issued.pem,
      notBefore: issued.notBefore.getTime(),
      notAfter: issued.notAfter.getTime(),
      issuedAt,
      revokedAt: null,
      revokeReason: null,
    });
  }
}

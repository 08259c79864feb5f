import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509CertificateGenerator,
} from "./x509";
import type { PublicKey, X509Certificate } from "./x509";
import type { DevCa } from "./dev-ca";
import { pkiCrypto, randomSerialHex } from "./keys";
import type { CryptoKey } from "./keys";
import { DAY_MS, PkiAlgorithms, PkiValidity } from "./pki-constants";

export type CertificateUsage = "client" | "server";

export interface IssueRequest {
  commonName: string;
  publicKey: PublicKey | CryptoKey;
  usage: CertificateUsage;
  /** The key only signs (EC keys cannot encipher): key usage digitalSignature without keyEncipherment (RFC 5480 3). */
  signatureOnly?: boolean;
  /** Server certificates: DNS names and IP addresses for the SAN. */
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  notBefore?: Date;
  notAfter?: Date;
  validityDays?: number;
  now?: Date;
}

export interface IssuedCertificate {
  certificate: X509Certificate;
  pem: string;
  /** Lower-case hex, as stored in the certificate registry. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** X.500 attribute values may not smuggle extra RDNs: only the characters a node id or host name uses. */
const SAFE_CN = /^[A-Za-z0-9 ._:@-]{1,64}$/;

export async function issueCertificate(ca: DevCa, request: IssueRequest): Promise<IssuedCertificate> {
  if (!SAFE_CN.test(request.commonName)) throw new Error(`common name not allowed: ${JSON.stringify(request.commonName)}`);
  const now = request.now ?? new Date();
  const notBefore = request.notBefore ?? new Date(now.getTime() - PkiValidity.backdateMinutes * 60_000);
  const notAfter = request.notAfter ?? new Date(now.getTime() + (request.validityDays ?? PkiValidity.nodeDays) * DAY_MS);
  const isServer = request.usage === "server";
  const sans = [
    ...(request.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  const extensions = [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature | (request.signatureOnly ? 0 : KeyUsageFlags.keyEncipherment), true),
    new ExtendedKeyUsageExtension([isServer ? ExtendedKeyUsage.serverAuth : ExtendedKeyUsage.clientAuth]),
    await AuthorityKeyIdentifierExtension.create(ca.certificate, false, pkiCrypto),
    ...(sans.length > 0 ? [new SubjectAlternativeNameExtension(sans)] : []),
  ];
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: `CN=${request.commonName}`,
      issuer: ca.certificate.subject,
      notBefore,
      notAfter,
      publicKey: request.publicKey,
      signingKey: ca.signingKey,
      signingAlgorithm: PkiAlgorithms.rsaSign,
      extensions,
    },
    pkiCrypto,
  );
  return {
    certificate,
    pem: certificate.toString("pem"),
    serial: normaliseSerial(certificate.serialNumber),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

/** Serial as the registry stores it: lower-case hex, no separators, no leading zeros (TLS stacks print it either way). */
export function normaliseSerial(serial: string): string {
  return serial.replace(/[^0-9a-fA-F]/g, "").toLowerCase().replace(/^0+(?=[0-9a-f])/, "");
}

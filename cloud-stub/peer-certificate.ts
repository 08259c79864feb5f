import type { TLSSocket } from "node:tls";

/** What the broker needs from a verified client certificate. */
export interface PeerCertificate {
  commonName: string;
  /** Upper-case hex, as OpenSSL prints it. */
  serialNumber: string;
}

/** Common names that OpenSSL's one-line-per-entry subject prints as they are (no escapes, no multi-value RDN). */
const PlainCommonName = /^[A-Za-z0-9 ._:@-]+$/;

/**
 * The client certificate OpenSSL verified on this socket, or undefined when there is none or it
 * has no common name or several. Reads only the subject and serial of the X509 object: `getPeerCertificate()`
 * would also format the issuer, key and three fingerprints on every connect. A subject OpenSSL
 * printed with escapes goes the long way, so every name reads as `getPeerCertificate()` reads it.
 */
export function verifiedPeerCertificate(socket: TLSSocket): PeerCertificate | undefined {
  if (typeof socket.getPeerX509Certificate !== "function" || !socket.authorized) return undefined;
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return undefined;
  // one "key=value" per line
  const names = certificate.subject.split("\n").filter((line) => line.startsWith("CN=")).map((line) => line.slice(3));
  if (names.length === 1 && PlainCommonName.test(names[0]!)) return { commonName: names[0]!, serialNumber: certificate.serialNumber };
  // several CNs come back as an array: an ambiguous identity, refused like a missing one
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === "string" && cn.length > 0 ? { commonName: cn, serialNumber: certificate.serialNumber } : undefined;
}

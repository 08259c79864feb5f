import { createSecureContext } from "node:tls";
import type { ConnectionOptions } from "node:tls";
import { isIP } from "node:net";
import type { TlsClientOptions } from "../../firmware/ports/mqtt";
import { derToPem } from "../../firmware/protocol/der/pem";
import { DerError, expectElement, readChildren } from "../../firmware/protocol/der/reader";
import { DerTag, derOid } from "../../firmware/protocol/der/writer";
import { Oids } from "../../firmware/protocol/der/oids";

const PrivateKeyAlgorithms = Object.freeze([
  { name: "rsa", oid: derOid(Oids.rsaEncryption) },
  { name: "ec", oid: derOid(Oids.ecPublicKey) },
]);

/**
 * The key algorithm a PKCS#8 PrivateKeyInfo names (RFC 5208 5), read with the DER reader: the key
 * itself is parsed once, by OpenSSL, when the TLS context is built (a full parse here cost 0.4 ms
 * per connect).
 */
function pkcs8Algorithm(der: Uint8Array): string {
  const info = expectElement(der, 0, DerTag.Sequence);
  if (info.end !== der.length) throw new DerError("bytes after the key", info.end);
  const [version, algorithm, key] = readChildren(der, info);
  if (version?.tag !== DerTag.Integer || algorithm?.tag !== DerTag.Sequence || key?.tag !== DerTag.OctetString) {
    throw new DerError("not a PrivateKeyInfo (version, algorithm, key)", 0);
  }
  const oid = expectElement(der, algorithm.start, DerTag.Oid, algorithm.end);
  const bytes = der.subarray(oid.offset, oid.end);
  const known = PrivateKeyAlgorithms.find((a) => a.oid.length === bytes.length && a.oid.every((b, i) => b === bytes[i]));
  return known?.name ?? "of another algorithm";
}

/** Why the device could not use this client key, or undefined when it can. */
export function clientKeyProblem(keyPkcs8: Uint8Array): string | undefined {
  let type: string;
  try {
    type = pkcs8Algorithm(keyPkcs8);
  } catch (error) {
    return `client key is not PKCS#8 DER: ${(error as Error).message}`;
  }
  // [moddable.md TLS] certificateVerify only implements RSA signatures
  if (type !== "rsa") return `client key is ${type}; Moddable's TLS signs only with RSA keys`;
  return undefined;
}

/**
 * node:tls options equivalent to what the device's SecureSocket would do with these DER options:
 * TLS 1.2 only (Moddable's TLS has no 1.3), server verified against the given CAs, SNI, ALPN.
 */
export function nodeTlsOptions(host: string, tls: Partial<TlsClientOptions>): ConnectionOptions {
  const serverName = tls.serverName ?? host;
  const options: ConnectionOptions = {
    host,
    minVersion: "TLSv1.2",
    maxVersion: "TLSv1.2",
    rejectUnauthorized: true,
    ca: (tls.ca ?? []).map((der) => derToPem(der, "CERTIFICATE")),
  };
  // SNI must not carry an IP address; node:tls then checks the certificate's IP SAN
  if (!isIP(serverName)) options.servername = serverName;
  if (tls.certificates && tls.certificates.length > 0) options.cert = tls.certificates.map((der) => derToPem(der, "CERTIFICATE")).join("");
  if (tls.key) options.key = derToPem(tls.key, "PRIVATE KEY");
  if (tls.alpn && tls.alpn.length > 0) options.ALPNProtocols = tls.alpn;
  return options;
}

/**
 * The same connection as {@link nodeTlsOptions}, with the certificates and key parsed once into a
 * SecureContext: the socket then keeps no PEM copies of them (about 4 KB per simulated device), and
 * a reconnect can reuse the context.
 */
export function nodeTlsContextOptions(host: string, tls: Partial<TlsClientOptions>): ConnectionOptions {
  const { ca, cert, key, minVersion, maxVersion, ...connection } = nodeTlsOptions(host, tls);
  return { ...connection, secureContext: createSecureContext({ ca, cert, key, minVersion, maxVersion }) };
}

import { createPrivateKey } from "node:crypto";
import { createSecureContext } from "node:tls";
import type { ConnectionOptions } from "node:tls";
import { isIP } from "node:net";
import type { TlsClientOptions } from "../../firmware/ports/mqtt";
import { derToPem } from "../../firmware/protocol/der/pem";

/** Why the device could not use this client key, or undefined when it can. */
export function clientKeyProblem(keyPkcs8: Uint8Array): string | undefined {
  let type: string | undefined;
  try {
    type = createPrivateKey({ key: Buffer.from(keyPkcs8), format: "der", type: "pkcs8" }).asymmetricKeyType;
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

/** The TLS server settings of the embedded broker (`broker.ts`), also used by the bare-TLS bench column. */
import { DEFAULT_CIPHERS } from "node:tls";
import type { TlsOptions } from "node:tls";

/** The broker's server key and certificate (PEM), with an optional second ECDSA pair. */
export interface BrokerServerCertificates {
  keyPem: string;
  certPem: string;
  ecdsa?: { keyPem: string; certPem: string };
}

/** Node's default suite order behind two ECDHE-ECDSA suites that no Moddable device offers. */
const EcdsaFirstCiphers = `ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:${DEFAULT_CIPHERS}`;

/** Lifetime of TLS session tickets (Node's default is 300 s). */
const TlsSessionLifetimeS = 3600;

/** Mutual TLS: a client certificate from `caPem` is required; TLS 1.2 and up. */
export function brokerTlsOptions(server: BrokerServerCertificates, caPem: string): TlsOptions {
  const { ecdsa } = server;
  return {
    // Both pairs; OpenSSL signs with the key of the suite it picks in its own (server) order, Node's
    // default for tls.Server. With ECDSA, two ECDHE-ECDSA suites Moddable does not offer go first,
    // so Node/OpenSSL clients get the ECDSA certificate (a tenth of the RSA-2048 signing cost),
    // while a device's offer still meets the default order as before: ECDHE-RSA-AES128-GCM-SHA256
    // ahead of ECDHE-ECDSA-AES128-GCM-SHA256, which Moddable lists but runs as ECDHE-RSA
    // (modules/crypt/ssl/ssl_ciphersuites.js), so a device is never served the ECDSA certificate.
    ...(ecdsa ? { ciphers: EcdsaFirstCiphers } : {}),
    key: ecdsa ? [server.keyPem, ecdsa.keyPem] : server.keyPem,
    cert: ecdsa ? [server.certPem, ecdsa.certPem] : server.certPem,
    ca: caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: "TLSv1.2",
    // A reconnecting node resumes its TLS 1.2 session from a ticket (about half the broker CPU of a
    // full handshake, bench/cloud-broker.ts); the certificate registry is still checked on every
    // CONNECT (broker.ts authenticate), so a revoked node cannot resume its way in.
    sessionTimeout: TlsSessionLifetimeS,
    // Small PUBACK/PUBLISH packets go out at once instead of waiting on Nagle.
    noDelay: true,
  };
}

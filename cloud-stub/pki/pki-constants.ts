/**
 * Key and validity choices of the dev CA.
 *
 * RSA-2048 / SHA-256 everywhere the CA signs: Moddable's TLS stack verifies RSA signatures on every
 * path it implements and only signs with RSA client keys (`moddable.md` TLS), so an RSA CA and an
 * RSA server certificate work with every cipher suite the device offers (ECDHE-RSA, DHE-RSA, RSA).
 * Node CSRs may carry RSA-2048 or EC P-256 keys [spec 4.2].
 */
export const PkiAlgorithms = Object.freeze({
  rsaKeyGen: Object.freeze({
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  }),
  rsaSign: Object.freeze({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }),
  /**
   * The broker's second server key: Node/OpenSSL clients that accept ECDSA get this one (an
   * ECDSA signature costs the broker a tenth of an RSA-2048 one); devices keep the RSA certificate.
   */
  ecKeyGen: Object.freeze({ name: "ECDSA", namedCurve: "P-256" }),
});

export const PkiValidity = Object.freeze({
  caDays: 3650,
  serverDays: 825,
  nodeDays: 3650,
  /** A server certificate closer than this to expiry is re-issued at start. */
  serverRenewBeforeDays: 30,
  /** Backdating of notBefore to tolerate device clocks slightly behind. */
  backdateMinutes: 5,
});

export const PkiNames = Object.freeze({
  caSubject: "CN=xs-rainmaker dev CA,O=xs-rainmaker",
  serverCn: "xs-rainmaker cloud",
  /** CN of the stub's own privileged MQTT client (external broker mode); never a valid node id. */
  serviceCn: "xs-rainmaker-cloud-service",
});

export const PkiFiles = Object.freeze({
  caKey: "ca.key",
  caCert: "ca.crt",
  serverKey: "server.key",
  serverCert: "server.crt",
  serverEcKey: "server-ec.key",
  serverEcCert: "server-ec.crt",
  serviceKey: "service.key",
  serviceCert: "service.crt",
});

export const DAY_MS = 86_400_000;

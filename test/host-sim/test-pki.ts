import { webcrypto } from "node:crypto";
import * as x509 from "../../cloud-stub/pki/x509";

/** DER material for one test identity plus the PEM a Node server needs. */
export interface TestIdentity {
  certDer: Uint8Array;
  keyPkcs8Der: Uint8Array;
  certPem: string;
  keyPem: string;
}

/** A throwaway CA with a server certificate for 127.0.0.1/localhost and an RSA client certificate. */
export interface TestPki {
  ca: TestIdentity;
  server: TestIdentity;
  client: TestIdentity;
  /** A client certificate signed by the CA whose key is EC P-256 (the device cannot use it). */
  ecClient: TestIdentity;
}

const rsa = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

async function exportIdentity(cert: x509.X509Certificate, key: webcrypto.CryptoKey): Promise<TestIdentity> {
  const keyPkcs8Der = new Uint8Array(await webcrypto.subtle.exportKey("pkcs8", key));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(keyPkcs8Der).toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
  return { certDer: new Uint8Array(cert.rawData), keyPkcs8Der, certPem: cert.toString("pem"), keyPem };
}

/** Build a fresh PKI with @peculiar/x509 over node webcrypto (RSA 2048, SHA-256). */
export async function createTestPki(): Promise<TestPki> {
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const caKeys = (await webcrypto.subtle.generateKey(rsa, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=xs-rainmaker test CA",
    keys: caKeys as unknown as CryptoKeyPair,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const issue = async (cn: string, keys: { publicKey: webcrypto.CryptoKey }, extensions: x509.Extension[]) =>
    x509.X509CertificateGenerator.create({
      subject: `CN=${cn}`,
      issuer: caCert.subject,
      publicKey: keys.publicKey as unknown as CryptoKey,
      signingKey: caKeys.privateKey as unknown as CryptoKey,
      extensions,
    });
  const serverKeys = (await webcrypto.subtle.generateKey(rsa, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const serverCert = await issue("localhost", serverKeys, [
    new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "localhost" }, { type: "ip", value: "127.0.0.1" }]),
  ]);
  const clientKeys = (await webcrypto.subtle.generateKey(rsa, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const clientCert = await issue("node-test", clientKeys, []);
  const ecKeys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const ecCert = await issue("node-ec", ecKeys, []);
  return {
    ca: await exportIdentity(caCert, caKeys.privateKey),
    server: await exportIdentity(serverCert, serverKeys.privateKey),
    client: await exportIdentity(clientCert, clientKeys.privateKey),
    ecClient: await exportIdentity(ecCert, ecKeys.privateKey),
  };
}

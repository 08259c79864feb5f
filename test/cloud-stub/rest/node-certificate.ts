/** Self-signed node certificates (EC P-256 or RSA 2048) and a signer, for challenge-response tests. */
import { createPrivateKey, sign, constants, webcrypto } from "node:crypto";
import * as x509 from "../../../cloud-stub/pki/x509";

export interface NodeIdentity {
  certificatePem: string;
  /** Signs like the device [spec 5.2]: ECDSA-DER or RSA-PSS over SHA-256 of the bytes. */
  sign(data: Uint8Array): Uint8Array;
}

export async function makeNodeIdentity(nodeId: string, kind: "ec" | "rsa"): Promise<NodeIdentity> {
  const alg =
    kind === "ec"
      ? { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" }
      : { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: "01", name: `CN=${nodeId}`, notBefore: new Date(Date.UTC(2024, 0, 1)), notAfter: new Date(Date.UTC(2099, 0, 1)), signingAlgorithm: alg, keys },
    webcrypto as unknown as Crypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  return {
    certificatePem: cert.toString("pem"),
    sign: (data) =>
      kind === "ec"
        ? sign("sha256", data, { key, dsaEncoding: "der" })
        : sign("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  };
}

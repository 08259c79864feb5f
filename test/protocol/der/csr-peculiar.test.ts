import assert from "node:assert/strict";
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, webcrypto } from "node:crypto";
import * as x509 from "../../../cloud-stub/pki/x509";
import { generateRsaKey } from "../../../firmware/crypto/rsa-keygen";
import { ecP256SubjectPublicKeyInfo, rsaPkcs8, rsaSubjectPublicKeyInfo } from "../../../firmware/protocol/der/keys";
import { buildCsr, csrPem } from "../../../firmware/protocol/der/csr";
import { readCertificate } from "../../../firmware/protocol/der/certificate";
import { base64Decode, base64Encode, derToPem, pemToDerBlocks } from "../../../firmware/protocol/der/pem";
import fc from "fast-check";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

describe("PKCS#10 CSR checked by @peculiar/x509", () => {
  it("builds an RSA-2048 CSR from a device-generated key that verifies, CN = node id", async () => {
    const key = generateRsaKey((n) => new Uint8Array(randomBytes(n)));
    assert.equal(key.n.toString(2).length, 2048);
    const pkcs8 = rsaPkcs8(key);
    const nodeKey = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
    assert.equal(nodeKey.asymmetricKeyDetails?.modulusLength, 2048);
    const der = buildCsr("A1B2C3D4E5F6", {
      algorithm: "sha256-rsa",
      subjectPublicKeyInfo: rsaSubjectPublicKeyInfo(key.n, key.e),
      sign: (data) => new Uint8Array(sign("sha256", data, nodeKey)),
    });
    const csr = new x509.Pkcs10CertificateRequest(csrPem(der));
    assert.equal(csr.subject, "CN=A1B2C3D4E5F6");
    assert.equal(await csr.verify(), true);
    assert.equal(csr.signatureAlgorithm.name, "RSASSA-PKCS1-v1_5");
  });

  it("builds an EC P-256 CSR that verifies", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const point = new Uint8Array([4, ...Buffer.from(jwk.x!, "base64url"), ...Buffer.from(jwk.y!, "base64url")]);
    const der = buildCsr("node-ec", {
      algorithm: "ecdsa-sha256",
      subjectPublicKeyInfo: ecP256SubjectPublicKeyInfo(point),
      sign: (data) => new Uint8Array(sign("sha256", data, { key: privateKey, dsaEncoding: "der" })),
    });
    const csr = new x509.Pkcs10CertificateRequest(der.slice().buffer);
    assert.equal(csr.subject, "CN=node-ec");
    assert.equal(await csr.verify(), true);
  });

  it("a tampered CSR does not verify", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const spki = new Uint8Array(publicKey.export({ format: "der", type: "spki" }));
    const der = buildCsr("node-a", { algorithm: "ecdsa-sha256", subjectPublicKeyInfo: spki, sign: (d) => new Uint8Array(sign("sha256", d, { key: privateKey, dsaEncoding: "der" })) });
    const i = Buffer.from(der).indexOf("node-a");
    der[i + 5] = "b".charCodeAt(0);
    assert.equal(await new x509.Pkcs10CertificateRequest(der.slice().buffer).verify(), false);
  });
});

describe("certificate reader against @peculiar/x509", () => {
  it("reads CN, validity and the public key of a generated certificate", async () => {
    const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]) as CryptoKeyPair;
    const notAfter = new Date(Date.UTC(2051, 5, 1, 12, 0, 0));
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name: "CN=ABCDEF012345", notBefore: new Date(Date.UTC(2024, 0, 1)), notAfter, keys, signingAlgorithm: alg });
    const fields = readCertificate(new Uint8Array(cert.rawData));
    assert.equal(fields.commonName, "ABCDEF012345");
    assert.equal(fields.notAfter, notAfter.getTime());
    assert.equal(fields.notBefore, Date.UTC(2024, 0, 1));
    assert.deepEqual(fields.subjectPublicKeyInfo, new Uint8Array(cert.publicKey.rawData));
    const [block] = pemToDerBlocks(cert.toString("pem") + "\n" + cert.toString("pem"));
    assert.deepEqual(block.der, new Uint8Array(cert.rawData));
    assert.equal(derToPem(block.der, "CERTIFICATE").trim(), cert.toString("pem").replace(/\r/g, "").trim());
  });

  it("base64 matches Buffer for any bytes and rejects junk", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      assert.equal(base64Encode(b), Buffer.from(b).toString("base64"));
      assert.deepEqual(base64Decode(Buffer.from(b).toString("base64")), b);
    }));
    assert.throws(() => base64Decode("ab$="), /invalid base64/);
  });
});

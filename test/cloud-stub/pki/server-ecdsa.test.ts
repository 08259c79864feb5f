import assert from "node:assert/strict";
import { X509Certificate as NodeX509, createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateServerCredentials } from "../../../cloud-stub/pki/server-credentials";
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from "../../../cloud-stub/pki/x509";
import { openTempPki } from "./fixtures";

const keyUsage = (certPem: string) => new X509Certificate(certPem).getExtension(KeyUsagesExtension)?.usages;

describe("cloud-stub PKI: ECDSA server certificate next to the RSA one", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-pki-ecdsa-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("issues both pairs in a new data dir: RSA-2048 and P-256, each signed by the dev CA, for the same names", async () => {
    const pki = await openTempPki(dir);
    try {
      const creds = await loadOrCreateServerCredentials(dir, pki.authority);
      const ca = new NodeX509(pki.authority.caPem);
      const rsa = new NodeX509(creds.certPem);
      const ec = new NodeX509(creds.ecdsa.certPem);
      assert.equal(rsa.publicKey.asymmetricKeyType, "rsa");
      assert.equal(ec.publicKey.asymmetricKeyType, "ec");
      assert.equal(ec.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
      assert.ok(rsa.verify(ca.publicKey) && ec.verify(ca.publicKey));
      assert.equal(ec.subjectAltName, rsa.subjectAltName);
      // an EC key only signs (RFC 5480 3); the RSA one keeps keyEncipherment for RSA key exchange
      assert.equal(keyUsage(creds.ecdsa.certPem), KeyUsageFlags.digitalSignature);
      assert.equal(keyUsage(creds.certPem), KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment);
      assert.deepEqual(ec.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
      // the key file holds the certificate's own private key
      const pub = createPublicKey(createPrivateKey(creds.ecdsa.keyPem)).export({ format: "der", type: "spki" });
      assert.deepEqual(pub, ec.publicKey.export({ format: "der", type: "spki" }));
      assert.equal((await stat(join(dir, "server-ec.key"))).mode & 0o777, 0o600);
      assert.equal(await readFile(join(dir, "server-ec.crt"), "utf8"), creds.ecdsa.certPem);
    } finally {
      await pki.close();
    }
  });

  it("gives a data dir from before the ECDSA pair one at start, keeping its RSA pair, and keeps it on the next start", async () => {
    const first = await openTempPki(dir);
    const before = await loadOrCreateServerCredentials(dir, first.authority);
    await first.close();
    await rm(join(dir, "server-ec.key"));
    await rm(join(dir, "server-ec.crt"));

    const second = await openTempPki(dir);
    try {
      const upgraded = await loadOrCreateServerCredentials(dir, second.authority);
      assert.equal(upgraded.certPem, before.certPem);
      assert.equal(upgraded.keyPem, before.keyPem);
      assert.notEqual(upgraded.ecdsa.certPem, before.ecdsa.certPem);
      assert.equal(new NodeX509(upgraded.ecdsa.certPem).publicKey.asymmetricKeyType, "ec");
      assert.equal(await readFile(join(dir, "server-ec.crt"), "utf8"), upgraded.ecdsa.certPem);
      const again = await loadOrCreateServerCredentials(dir, second.authority);
      assert.equal(again.ecdsa.certPem, upgraded.ecdsa.certPem);
      assert.equal(again.ecdsa.keyPem, upgraded.ecdsa.keyPem);
    } finally {
      await second.close();
    }
  });

  it("re-issues an ECDSA pair whose certificate file is missing (half-written data dir)", async () => {
    const pki = await openTempPki(dir);
    try {
      const before = await loadOrCreateServerCredentials(dir, pki.authority);
      await rm(join(dir, "server-ec.crt"));
      const after = await loadOrCreateServerCredentials(dir, pki.authority);
      assert.notEqual(after.ecdsa.keyPem, before.ecdsa.keyPem);
      assert.equal(after.certPem, before.certPem);
    } finally {
      await pki.close();
    }
  });
});

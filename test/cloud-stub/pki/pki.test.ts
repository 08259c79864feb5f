import assert from "node:assert/strict";
import { X509Certificate as NodeX509, createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parseNodeCsr } from "../../../cloud-stub/pki/csr";
import { loadOrCreateServerCredentials } from "../../../cloud-stub/pki/server-credentials";
import { AuthorityKeyIdentifierExtension, SubjectKeyIdentifierExtension, X509Certificate } from "../../../cloud-stub/pki/x509";
import { makeCsr, openTempPki } from "./fixtures";
import type { TempPki } from "./fixtures";

describe("cloud-stub PKI: dev CA", function () {
  this.timeout(60_000);
  let pki: TempPki;
  before(async () => {
    pki = await openTempPki();
  });
  after(async () => pki.close());

  it("creates an RSA-2048 self-signed CA with a private key file of mode 0600", async () => {
    const ca = new NodeX509(pki.authority.caPem);
    assert.equal(ca.ca, true);
    assert.equal(ca.subject.includes("xs-rainmaker dev CA"), true);
    assert.equal(ca.verify(ca.publicKey), true);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    const mode = (await stat(join(pki.dir, "ca.key"))).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  it("names the CA's own key as its Authority Key Identifier (Moddable's TLS chain check needs it)", () => {
    const ca = new X509Certificate(pki.authority.caPem);
    const ski = ca.getExtension(SubjectKeyIdentifierExtension)?.keyId;
    const aki = ca.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
    assert.ok(ski && ski.length > 0);
    assert.equal(aki, ski);
  });

  it("signs node certificates for EC P-256 and RSA-2048 CSRs whose CN is the node id", async () => {
    for (const key of ["ec-p256", "rsa-2048"] as const) {
      const { csrPem, keyPem } = await makeCsr("AABBCCDDEEFF", key);
      const result = await pki.authority.issueFromCsr(csrPem, "AABBCCDDEEFF");
      assert.equal(result.ok, true, JSON.stringify(result));
      if (!result.ok) return;
      assert.equal(result.keyType, key);
      const cert = new NodeX509(result.certificatePem);
      assert.equal(cert.subject, "CN=AABBCCDDEEFF");
      assert.equal(cert.checkIssued(new NodeX509(pki.authority.caPem)), true);
      assert.equal(cert.verify(new NodeX509(pki.authority.caPem).publicKey), true);
      assert.equal(cert.checkPrivateKey(createPrivateKey(keyPem)), true);
      assert.deepEqual(cert.keyUsage, ["1.3.6.1.5.5.7.3.2"]);
      assert.equal(cert.serialNumber.toLowerCase().replace(/^0+/, ""), result.serial);
      const record = pki.store.getCertificate(result.serial);
      assert.equal(record?.commonName, "AABBCCDDEEFF");
      assert.equal(record?.kind, "node");
      assert.equal(pki.store.getNodeCertificate("AABBCCDDEEFF"), result.certificatePem);
    }
  });

  it("gives every certificate a distinct serial", async () => {
    const { csrPem } = await makeCsr("N1");
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await pki.authority.issueFromCsr(csrPem, "N1");
      assert.equal(r.ok, true);
      if (r.ok) serials.add(r.serial);
    }
    assert.equal(serials.size, 5);
  });

  it("refuses a CSR whose CN is another node id", async () => {
    const { csrPem } = await makeCsr("OTHERNODE");
    const r = await pki.authority.issueFromCsr(csrPem, "AABBCCDDEEFF");
    assert.deepEqual(r.ok ? "issued" : r.code, "csr_wrong_node_id");
  });

  it("refuses CSRs with a tampered signature, unsupported keys or extra subject attributes", async () => {
    const good = (await makeCsr("NODE1")).csrPem;
    const der = Buffer.from(good.replace(/-----[^-]+-----|\s/g, ""), "base64");
    der[der.length - 5] ^= 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----`;
    const r1 = await parseNodeCsr(tampered);
    assert.equal(r1.ok ? "ok" : r1.code, "csr_bad_signature");
    const r2 = await parseNodeCsr((await makeCsr("NODE1", "ec-p384")).csrPem);
    assert.equal(r2.ok ? "ok" : r2.code, "csr_unsupported_key");
    const r3 = await parseNodeCsr((await makeCsr("NODE1", "rsa-1024")).csrPem);
    assert.equal(r3.ok ? "ok" : r3.code, "csr_unsupported_key");
    const r4 = await parseNodeCsr((await makeCsr("NODE1", "ec-p256", "CN=NODE1,O=evil")).csrPem);
    assert.equal(r4.ok ? "ok" : r4.code, "csr_bad_subject");
  });

  it("never throws on arbitrary or truncated CSR text (property)", async () => {
    const good = (await makeCsr("NODE1")).csrPem;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.nat({ max: good.length }).map((n) => good.slice(0, n)),
          fc.tuple(fc.nat({ max: good.length - 1 }), fc.constantFrom("A", "/", "=", "\n", "-")).map(
            ([i, ch]) => good.slice(0, i) + ch + good.slice(i + 1),
          ),
        ),
        async (text) => {
          const r = await parseNodeCsr(text);
          if (r.ok) assert.equal(r.csr.commonName, "NODE1");
          else assert.match(r.code, /^csr_/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("issues server-generated RSA-2048 PKCS#8 keys with a matching certificate", async () => {
    const creds = await pki.authority.issueWithServerKey("112233445566");
    assert.match(creds.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    const key = createPrivateKey(creds.privateKeyPem);
    assert.equal(key.asymmetricKeyType, "rsa");
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    const cert = new NodeX509(creds.certificatePem);
    assert.equal(cert.checkPrivateKey(key), true);
    assert.equal(cert.subject, "CN=112233445566");
    assert.equal(createPublicKey(key).export({ format: "pem", type: "spki" }), cert.publicKey.export({ format: "pem", type: "spki" }));
  });

  it("checks presented certificates against the registry: unknown, revoked, expired, CN mismatch", async () => {
    const { csrPem } = await makeCsr("NODE9");
    const r = await pki.authority.issueFromCsr(csrPem, "NODE9");
    assert.ok(r.ok);
    if (!r.ok) return;
    const upper = r.serial.toUpperCase();
    assert.deepEqual(pki.authority.checkClientCertificate(upper, "NODE9"), { ok: true, kind: "node", commonName: "NODE9" });
    assert.deepEqual(pki.authority.checkClientCertificate(upper, "NODE8"), { ok: false, reason: "cn-mismatch" });
    assert.deepEqual(pki.authority.checkClientCertificate("0badc0de", "NODE9"), { ok: false, reason: "unknown" });
    assert.deepEqual(pki.authority.checkClientCertificate(upper, "NODE9", Date.now() + 3651 * 86_400_000), {
      ok: false,
      reason: "expired",
    });
    assert.equal(pki.authority.revoke(r.serial, "test"), true);
    assert.deepEqual(pki.authority.checkClientCertificate(upper, "NODE9"), { ok: false, reason: "revoked" });
    assert.equal(pki.authority.revoke("0badc0de", "test"), false);
  });

  it("builds a CRL listing revoked serials, signed by the CA", async () => {
    const { csrPem } = await makeCsr("NODE10");
    const r = await pki.authority.issueFromCsr(csrPem, "NODE10");
    assert.ok(r.ok);
    if (!r.ok) return;
    pki.authority.revoke(r.serial, "test");
    const record = pki.store.getCertificate(r.serial)!;
    const pem = await pki.authority.crlPem([record]);
    const { X509Crl } = await import("../../../cloud-stub/pki/x509");
    const crl = new X509Crl(pem);
    assert.equal(crl.entries.length, 1);
    assert.equal(crl.entries[0]!.serialNumber.toLowerCase().replace(/^0+/, ""), r.serial);
  });
});

describe("cloud-stub PKI: restart", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-pki-restart-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("keeps the CA, server certificate and issued node certificates across a restart", async () => {
    const first = await openTempPki(dir);
    assert.equal(first.authority.ca.created, true);
    const server1 = await loadOrCreateServerCredentials(dir, first.authority);
    const { csrPem } = await makeCsr("NODE-R");
    const issued = await first.authority.issueFromCsr(csrPem, "NODE-R");
    assert.ok(issued.ok);
    await first.close();

    const second = await openTempPki(dir);
    try {
      assert.equal(second.authority.ca.created, false);
      assert.equal(second.authority.caPem, first.authority.caPem);
      const server2 = await loadOrCreateServerCredentials(dir, second.authority);
      assert.equal(server2.certPem, server1.certPem);
      const san = new NodeX509(server2.certPem).subjectAltName ?? "";
      assert.match(san, /IP Address:127\.0\.0\.1/);
      assert.match(san, /DNS:localhost/);
      if (issued.ok) {
        assert.equal(second.store.getNodeCertificate("NODE-R"), issued.certificatePem);
        assert.equal(second.authority.checkClientCertificate(issued.serial, "NODE-R").ok, true);
        assert.equal(new NodeX509(issued.certificatePem).verify(new NodeX509(second.authority.caPem).publicKey), true);
      }
      assert.equal(await readFile(join(dir, "ca.crt"), "utf8"), first.authority.caPem);
    } finally {
      await second.close();
    }
  });

  it("refuses a data dir with a CA certificate but no key", async () => {
    const other = await mkdtemp(join(tmpdir(), "xsr-pki-half-"));
    try {
      const pki = await openTempPki(other);
      await pki.close();
      await rm(join(other, "ca.key"));
      await assert.rejects(openTempPki(other), /incomplete: ca.key is missing/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

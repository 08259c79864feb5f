import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { ClaimErrorCodes } from "../../../cloud-stub/handlers/rest/claim-errors";
import { challengeResponse } from "../../../cloud-stub/handlers/rest/claim-service";
import { makeCsr } from "../pki/fixtures";
import { startCloudHarness } from "./fixtures";
import type { CloudHarness } from "./fixtures";

describe("cloud-stub claim service: assisted / host claim [spec 4.4, 4.5] and server-generated keys", function () {
  this.timeout(30_000);
  let h: CloudHarness;
  let token: string;
  before(async () => {
    h = await startCloudHarness();
    token = await h.userToken();
  });
  after(async () => h.close());

  it("gives a logged-in user the node id, then signs the relayed CSR (verify?matter=False)", async () => {
    const mac = "24DCC3A1B2C3";
    const init = await h.post("/claim/initiate", { mac_addr: mac, platform: "esp32" }, { token });
    assert.equal(init.status, 200, JSON.stringify(init.body));
    assert.equal(init.body.node_id, mac);
    assert.equal(init.body.challenge, undefined);
    const { csrPem, keyPem } = await makeCsr(init.body.node_id, "rsa-2048");
    const verify = await h.post("/claim/verify?matter=False", { csr: csrPem }, { token });
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
    assert.equal(new X509Certificate(verify.body.certificate).subject, `CN=${mac}`);
    assert.equal(h.server.claims.getBindingByMac(mac)?.userId !== null, true);
    const client = await h.mqttConnect(mac, keyPem, verify.body.certificate);
    await client.endAsync();
  });

  it("matches verify to the auth_id when the user has several open claims", async () => {
    const a = await h.post("/claim/initiate", { mac_addr: "24DCC3000001", platform: "esp32" }, { token });
    const b = await h.post("/claim/initiate", { mac_addr: "24DCC3000002", platform: "esp32" }, { token });
    const csrA = (await makeCsr("24DCC3000001")).csrPem;
    const rA = await h.post("/claim/verify?matter=False", { csr: csrA, auth_id: a.body.auth_id }, { token });
    assert.equal(rA.status, 200, JSON.stringify(rA.body));
    const csrB = (await makeCsr("24DCC3000002")).csrPem;
    const rB = await h.post("/claim/verify?matter=False", { csr: csrB }, { token });
    assert.equal(rB.status, 200, JSON.stringify(rB.body));
    assert.equal(b.body.node_id, "24DCC3000002");
  });

  it("refuses a CSR for another node id, a bad token, Matter claims and verify without initiate", async () => {
    await h.post("/claim/initiate", { mac_addr: "24DCC3000003", platform: "esp32" }, { token });
    const wrong = await h.post("/claim/verify?matter=False", { csr: (await makeCsr("24DCC3999999")).csrPem }, { token });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error_code, ClaimErrorCodes.CsrWrongNodeId);
    const badToken = await h.post("/claim/initiate", { mac_addr: "24DCC3000004", platform: "esp32" }, { token: "a.b.c" });
    assert.equal(badToken.status, 401);
    assert.equal(badToken.body.status, "failure");
    const matter = await h.post("/claim/verify?matter=True", { csr: "x" }, { token });
    assert.equal(matter.status, 400);
    assert.equal(matter.body.error_code, ClaimErrorCodes.MatterUnsupported);
    const none = await h.post("/claim/verify?matter=False", { csr: (await makeCsr("24DCC3000005")).csrPem }, { token });
    assert.equal(none.status, 404);
    assert.equal(none.body.error_code, ClaimErrorCodes.ClaimSessionNotFound);
  });

  it("does not let one user finish another user's claim", async () => {
    const other = await h.userToken("other@example.com");
    const init = await h.post("/claim/initiate", { mac_addr: "24DCC3000006", platform: "esp32" }, { token });
    const r = await h.post("/claim/verify?matter=False", { csr: (await makeCsr("24DCC3000006")).csrPem, auth_id: init.body.auth_id }, { token: other });
    assert.equal(r.status, 404);
    const own = await h.post("/claim/verify?matter=False", { csr: (await makeCsr("24DCC3000006")).csrPem, auth_id: init.body.auth_id }, { token });
    assert.equal(own.status, 200);
  });

  it("refuses a user a certificate for a device another user or the device itself claimed", async () => {
    const other = await h.userToken("third@example.com");
    const theirs = await h.post("/claim/initiate", { mac_addr: "24DCC3A1B2C3", platform: "esp32" }, { token: other });
    assert.equal(theirs.status, 403);
    assert.equal(theirs.body.error_code, ClaimErrorCodes.ClaimedByOther);
    const key = await h.post("/claim/server-key", { mac_addr: "24DCC3A1B2C3" }, { token: other, https: true });
    assert.equal(key.status, 403);
    const mine = await h.post("/claim/initiate", { mac_addr: "24DCC3A1B2C3", platform: "esp32" }, { token });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.node_id, "24DCC3A1B2C3");
  });

  it("hands out server-generated keys only over HTTPS", async () => {
    const plain = await h.post("/claim/server-key", { mac_addr: "24DCC3000007", platform: "esp32" }, { token });
    assert.equal(plain.status, 403);
    assert.equal(plain.body.error_code, ClaimErrorCodes.HttpsRequired);
    assert.equal(h.server.claims.getBindingByMac("24DCC3000007"), null);
  });

  it("issues an RSA-2048 PKCS#8 key and certificate to a logged-in user over HTTPS; the broker accepts them", async () => {
    const r = await h.post("/claim/server-key", { mac_addr: "24DCC3000008", platform: "esp32" }, { token, https: true });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.node_id, "24DCC3000008");
    assert.match(r.body.private_key, /^-----BEGIN PRIVATE KEY-----/);
    const key = createPrivateKey(r.body.private_key);
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(new X509Certificate(r.body.certificate).checkPrivateKey(key), true);
    const client = await h.mqttConnect("24DCC3000008", r.body.private_key, r.body.certificate);
    await client.endAsync();
  });

  it("issues server-generated keys to a self-claiming device that proves its factory secret", async () => {
    const secretHex = "0f".repeat(16);
    h.server.claims.importFactoryDevices([{ mac: "24DCC3000009", secretHex, pop: "abcd1234", batch: "t", importedAt: Date.now() }]);
    const init = await h.post("/claim/initiate", { mac_addr: "24DCC3000009", platform: "esp32" }, { https: true });
    const bad = await h.post("/claim/server-key", { auth_id: init.body.auth_id, challenge_response: "00".repeat(64) }, { https: true });
    assert.equal(bad.status, 401);
    const init2 = await h.post("/claim/initiate", { mac_addr: "24DCC3000009", platform: "esp32" }, { https: true });
    const ok = await h.post(
      "/claim/server-key",
      { auth_id: init2.body.auth_id, challenge_response: challengeResponse(secretHex, init2.body.challenge) },
      { https: true },
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.node_id, "24DCC3000009");
    const anonymous = await h.post("/claim/server-key", { mac_addr: "24DCC3000009" }, { https: true });
    assert.equal(anonymous.status, 401);
  });
});

describe("cloud-stub server: restart", function () {
  this.timeout(30_000);
  let h: CloudHarness;
  before(async () => {
    h = await startCloudHarness();
  });
  after(async () => h.close());

  it("keeps the CA and node certificates: a node claimed before a restart connects after it", async () => {
    const token = await h.userToken();
    const mac = "30AEA4000001";
    await h.post("/claim/initiate", { mac_addr: mac, platform: "esp32" }, { token });
    const { csrPem, keyPem } = await makeCsr(mac, "rsa-2048");
    const verify = await h.post("/claim/verify?matter=False", { csr: csrPem }, { token });
    assert.equal(verify.status, 200);
    const caBefore = h.server.authority.caPem;
    await h.restart();
    assert.equal(h.server.authority.caPem, caBefore);
    assert.equal(h.server.authority.ca.created, false);
    assert.equal(h.server.claims.getNodeCertificate(mac)?.trim(), new X509Certificate(verify.body.certificate).toString().trim());
    const client = await h.mqttConnect(mac, keyPem, verify.body.certificate);
    await client.endAsync();
    const token2 = await h.userToken();
    const again = await h.post("/claim/initiate", { mac_addr: mac, platform: "esp32" }, { token: token2 });
    assert.equal(again.body.node_id, mac);
  });
});

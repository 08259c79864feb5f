import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import fc from "fast-check";
import { challengeResponse } from "../../../cloud-stub/handlers/rest/claim-service";
import { ClaimErrorCodes } from "../../../cloud-stub/handlers/rest/claim-errors";
import { generateFactoryBatch } from "../../../cloud-stub/store/factory-batch";
import { makeCsr } from "../pki/fixtures";
import { startCloudHarness } from "./fixtures";
import type { CloudHarness } from "./fixtures";

describe("cloud-stub claim service: self claim [spec 4.3]", function () {
  this.timeout(30_000);
  let h: CloudHarness;
  const batch = generateFactoryBatch(6);
  const dev = batch[0]!;
  const now = Date.now();
  before(async () => {
    h = await startCloudHarness();
    h.server.claims.importFactoryDevices(batch.map((d) => ({ ...d, batch: "test", importedAt: now })));
  });
  after(async () => h.close());

  async function claim(mac: string, secretHex: string, key: "ec-p256" | "rsa-2048" = "ec-p256") {
    const init = await h.post("/claim/initiate", { mac_addr: mac, platform: "esp32s3" });
    assert.equal(init.status, 200, JSON.stringify(init.body));
    const { csrPem, keyPem } = await makeCsr(mac, key);
    const verify = await h.post("/claim/verify", {
      auth_id: init.body.auth_id,
      challenge_response: challengeResponse(secretHex, init.body.challenge),
      csr: csrPem,
    });
    return { init, verify, keyPem };
  }

  it("issues a certificate for the MAC-based node id that the broker accepts", async () => {
    const { init, verify, keyPem } = await claim(dev.mac, dev.secretHex, "rsa-2048");
    assert.match(init.body.auth_id, /^[0-9a-f-]{36}$/);
    assert.match(init.body.challenge, /^[0-9a-f]{64}$/);
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
    assert.equal(verify.body.mqtt_host, "127.0.0.1");
    assert.equal(verify.body.mqtt_port, h.server.mqttPort);
    const [leaf, ca] = (verify.body.certificate as string).split(/(?<=-----END CERTIFICATE-----)\n/);
    assert.equal(new X509Certificate(leaf!).subject, `CN=${dev.mac}`);
    assert.equal(ca!.trim(), h.server.authority.caPem.trim());
    assert.equal(h.server.store.getNode(dev.mac)?.certificatePem?.trim(), leaf!.trim());
    assert.equal(h.server.claims.getBindingByMac(dev.mac)?.nodeId, dev.mac);
    const client = await h.mqttConnect(dev.mac, keyPem, verify.body.certificate);
    await client.publishAsync(`$aws/rules/esp_node_config/node/${dev.mac}/config`, "{}", { qos: 1 });
    await client.endAsync();
    assert.ok(h.log.lines.includes(`info node ${dev.mac} connected`));
  });

  it("is idempotent: re-claiming the same MAC keeps its node id", async () => {
    const first = h.server.claims.getBindingByMac(dev.mac)!;
    const { verify } = await claim(dev.mac, dev.secretHex);
    assert.equal(verify.status, 200);
    assert.equal(new X509Certificate(verify.body.certificate).subject, `CN=${dev.mac}`);
    const again = h.server.claims.getBindingByMac(dev.mac)!;
    assert.equal(again.nodeId, first.nodeId);
    assert.equal(again.firstClaimedAt, first.firstClaimedAt);
    assert.equal(h.server.claims.listCertificates(dev.mac).length, 2);
  });

  it("refuses a wrong HMAC with 401 JSON and burns the auth_id", async () => {
    const d = batch[1]!;
    const init = await h.post("/claim/initiate", { mac_addr: d.mac, platform: "esp32c3" });
    const { csrPem } = await makeCsr(d.mac);
    const wrong = challengeResponse("00".repeat(16), init.body.challenge);
    const bad = await h.post("/claim/verify", { auth_id: init.body.auth_id, challenge_response: wrong, csr: csrPem });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.body, { status: "failure", error_code: ClaimErrorCodes.ChallengeResponseMismatch, description: "Challenge response does not match" });
    const retry = await h.post("/claim/verify", {
      auth_id: init.body.auth_id,
      challenge_response: challengeResponse(d.secretHex, init.body.challenge),
      csr: csrPem,
    });
    assert.equal(retry.status, 404);
    assert.equal(retry.body.error_code, ClaimErrorCodes.ClaimSessionNotFound);
    assert.equal(h.server.claims.getBindingByMac(d.mac), null);
  });

  it("accepts the challenge response in lower case too, and refuses one of the wrong length", async () => {
    const d = batch[2]!;
    const init = await h.post("/claim/initiate", { mac_addr: d.mac.toLowerCase(), platform: "esp32c3" });
    const { csrPem } = await makeCsr(d.mac);
    const ok = await h.post("/claim/verify", {
      auth_id: init.body.auth_id,
      challenge_response: challengeResponse(d.secretHex, init.body.challenge).toLowerCase(),
      csr: csrPem,
    });
    assert.equal(ok.status, 200);
    const init2 = await h.post("/claim/initiate", { mac_addr: d.mac, platform: "esp32c3" });
    const short = await h.post("/claim/verify", { auth_id: init2.body.auth_id, challenge_response: "ABCD", csr: csrPem });
    assert.equal(short.status, 401);
  });

  it("refuses an unknown MAC with 404 and a bad MAC with 400", async () => {
    const r = await h.post("/claim/initiate", { mac_addr: "0A0B0C0D0E0F", platform: "esp32s3" });
    assert.equal(r.status, 404);
    assert.equal(r.body.error_code, ClaimErrorCodes.DeviceNotRegistered);
    assert.ok(h.log.lines.some((l) => l.includes("MAC 0A0B0C0D0E0F is in no factory batch")));
    const bad = await h.post("/claim/initiate", { mac_addr: "not-a-mac", platform: "esp32s3" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.status, "failure");
  });

  it("rate-limits claim attempts per MAC (5 per minute) with 429 and Retry-After", async () => {
    const d = batch[3]!;
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await h.post("/claim/initiate", { mac_addr: d.mac, platform: "esp32s3" });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.equal(last!.body.error_code, ClaimErrorCodes.TooManyAttempts);
    assert.ok(Number(last!.headers["retry-after"]) > 0);
    const other = await h.post("/claim/initiate", { mac_addr: batch[4]!.mac, platform: "esp32s3" });
    assert.equal(other.status, 200);
  });

  it("answers CSR problems with 400 JSON: garbage, wrong CN, unsupported key, missing field", async () => {
    const d = batch[5]!;
    const cases: Array<[string | undefined, number]> = [
      ["-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", ClaimErrorCodes.CsrInvalid],
      ["hello", ClaimErrorCodes.CsrInvalid],
      [(await makeCsr("AAAAAAAAAAAA")).csrPem, ClaimErrorCodes.CsrWrongNodeId],
      [(await makeCsr(d.mac, "ec-p384")).csrPem, ClaimErrorCodes.CsrInvalid],
    ];
    for (const [csr, code] of cases) {
      const init = await h.post("/claim/initiate", { mac_addr: d.mac, platform: "esp32s3" });
      const r = await h.post("/claim/verify", { auth_id: init.body.auth_id, challenge_response: challengeResponse(d.secretHex, init.body.challenge), csr });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error_code, code);
    }
    const missing = await h.post("/claim/verify", { auth_id: "x", challenge_response: "y" });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.status, "failure");
    const notJson = await h.post("/claim/verify", undefined, { rawBody: "{not json" });
    assert.equal(notJson.status, 400);
    assert.equal(h.server.claims.getBindingByMac(d.mac), null);
  });

  it("never answers 5xx to arbitrary claim bodies (property)", async () => {
    const value = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null), fc.boolean());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/claim/initiate", "/claim/verify", "/claim/server-key"),
        fc.dictionary(fc.constantFrom("mac_addr", "platform", "auth_id", "challenge_response", "csr", "x"), value),
        async (path, body) => {
          const r = await h.post(path, body);
          assert.ok(r.status < 500, `${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
          if (r.status >= 400) assert.equal(r.body.status, "failure");
        },
      ),
      { numRuns: 60 },
    );
  });
});

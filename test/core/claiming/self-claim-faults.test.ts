import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { getTestCrypto } from "../../helpers/crypto-port";
import { selfClaim } from "../../../firmware/core/claiming/self-claim";
import type { SelfClaimOptions } from "../../../firmware/core/claiming/self-claim";
import { ClaimError } from "../../../firmware/core/claiming/claim-error";
import { checkIssuedCertificate } from "../../../firmware/core/claiming/issued-certificate";
import { PendingClaimKv, nodeKeyFromPkcs8 } from "../../../firmware/core/claiming/node-key";
import { derToPem } from "../../../firmware/protocol/der/pem";
import { toHex, utf8Encode } from "../../../firmware/protocol/bytes";
import { fakeCertificate } from "./fake-certificate";
import { scriptedHttp } from "./scripted-http";
import type { ScriptedReply } from "./scripted-http";

const crypto = getTestCrypto();
const MAC = "aabbccddeeff";
const NODE = "AABBCCDDEEFF";
const NOW = Date.UTC(2026, 3, 1);
const SECRET = utf8Encode("factory-secret-16");

function run(verify: (key: Uint8Array) => ScriptedReply | undefined, extra: Partial<SelfClaimOptions> = {}) {
  const kv = createMemoryKv();
  const http = scriptedHttp((path) => {
    if (path === "/claim/initiate") return { status: 200, body: JSON.stringify({ auth_id: "A1", challenge: "c0ffee" }) };
    return verify(kv.get(PendingClaimKv.namespace, PendingClaimKv.key) as Uint8Array);
  });
  const claim = selfClaim({ http, crypto, kv, baseUrl: "https://claim.local/", mac: MAC, platform: "esp32s3", factorySecret: SECRET, keySource: "device", now: NOW, keyBits: 512, ...extra });
  return { kv, http, claim };
}

function certReply(key: Uint8Array, cn = NODE, notAfter = NOW + 400 * 86400_000): ScriptedReply {
  const spki = nodeKeyFromPkcs8(key).subjectPublicKeyInfo;
  const pem = derToPem(fakeCertificate(cn, notAfter, 9, spki), "CERTIFICATE") + derToPem(fakeCertificate("ca", notAfter, 1), "CERTIFICATE");
  return { status: 200, body: JSON.stringify({ certificate: pem, mqtt_host: "mqtt.local", mqtt_port: 8884 }) };
}

async function failure(p: Promise<unknown>): Promise<ClaimError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof ClaimError, String(error));
    return error;
  }
  throw new Error("expected a ClaimError");
}

describe("claiming/self-claim faults (scripted claim service)", () => {
  it("sends the MAC node id, the upper-case HMAC-SHA512 and a CSR; accepts a matching certificate", async () => {
    const r = run((key) => certReply(key));
    const creds = await r.claim;
    assert.equal(creds.nodeId, NODE);
    assert.equal(creds.mqttPort, 8884);
    assert.ok(creds.caCertificate);
    const [init, verify] = r.http.requests;
    assert.deepEqual(init.body, { mac_addr: NODE, platform: "esp32s3" });
    assert.equal(verify.body.challenge_response, toHex(crypto.hmac("SHA-512", SECRET, utf8Encode("c0ffee")), true));
    assert.match(String(verify.body.csr), /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----$/);
    assert.deepEqual(verify.request.tls, { ca: [] });
  });

  const cases: Array<[string, (key: Uint8Array) => ScriptedReply | undefined, string, boolean]> = [
    ["connection refused", () => undefined, "unreachable", true],
    ["500", () => ({ status: 500, body: "oops" }), "server-error", true],
    ["429", () => ({ status: 429, body: "{}", headers: { "retry-after": "7" } }), "rate-limited", true],
    ["200 but not JSON", () => ({ status: 200, body: "<html>" }), "bad-reply", true],
    ["200 without a certificate", () => ({ status: 200, body: "{\"mqtt_host\":\"m\"}" }), "bad-reply", true],
    ["a body over 16 KB", () => ({ status: 200, body: new Uint8Array(20000) }), "bad-reply", true],
    ["401 wrong secret", () => ({ status: 401, body: "{\"status\":\"failure\"}" }), "rejected", false],
    ["a certificate for another node", (key) => certReply(key, "112233445566"), "wrong-identity", false],
    ["a certificate for another key", () => certReplyOtherKey(), "wrong-identity", false],
    ["an expired certificate", (key) => certReply(key, NODE, NOW - 1000), "wrong-identity", false],
  ];
  function certReplyOtherKey(): ScriptedReply {
    const pem = derToPem(fakeCertificate(NODE, NOW + 86400_000 * 400), "CERTIFICATE");
    return { status: 200, body: JSON.stringify({ certificate: pem, mqtt_host: "mqtt.local" }) };
  }
  for (const [name, reply, kind, retryable] of cases) {
    it(`classifies ${name} as ${kind} (${retryable ? "retry" : "stop"}), keeping the pending key`, async () => {
      const r = run(reply);
      const e = await failure(r.claim);
      assert.equal(e.kind, kind, e.message);
      assert.equal(e.retryable, retryable);
      if (kind === "rate-limited") assert.equal(e.retryAfterMs, 7000);
      assert.ok(r.kv.get(PendingClaimKv.namespace, PendingClaimKv.key) instanceof Uint8Array);
    });
  }

  it("refuses a server key for another node id and a server key over plain HTTP", async () => {
    const kv = createMemoryKv();
    const http = scriptedHttp((path) => path === "/claim/initiate"
      ? { status: 200, body: JSON.stringify({ auth_id: "A", challenge: "x" }) }
      : { status: 200, body: JSON.stringify({ node_id: "OTHER", private_key: "", certificate: "" }) });
    const base: SelfClaimOptions = { http, crypto, kv, baseUrl: "https://c", mac: MAC, platform: "esp32", factorySecret: SECRET, keySource: "server", now: NOW };
    assert.equal((await failure(selfClaim(base))).kind, "wrong-identity");
    assert.equal((await failure(selfClaim({ ...base, baseUrl: "http://c" }))).kind, "not-possible");
    assert.equal((await failure(selfClaim({ ...base, mac: "zz" }))).kind, "not-possible");
  });

  it("never throws anything but a ClaimError on arbitrary certificate text", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 300 }).map((b) => derToPem(b, "CERTIFICATE"))), (text) => {
      try {
        checkIssuedCertificate(text, NODE, new Uint8Array(10), NOW);
        assert.fail("accepted garbage");
      } catch (error) {
        assert.ok(error instanceof ClaimError, String(error));
      }
    }), { numRuns: 300 });
  });
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { getTestCrypto } from "../../helpers/crypto-port";
import { createAssistedClaimHandler } from "../../../firmware/core/claiming/assisted-endpoint";
import { relayAssistedClaim } from "../../../firmware/core/claiming/assisted-relay";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { PendingClaimKv, nodeKeyFromPkcs8 } from "../../../firmware/core/claiming/node-key";
import type { KvPort } from "../../../firmware/ports/kv";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { RMakerClaimPayload } from "../../../firmware/protocol/protocomm/schemas/claim";
import { derToPem } from "../../../firmware/protocol/der/pem";
import { utf8Encode } from "../../../firmware/protocol/bytes";
import { fakeCertificate } from "./fake-certificate";
import { powerCutKv } from "./power-cut-kv";

const crypto = getTestCrypto();
const NOW = Date.UTC(2026, 3, 1);
const NODE = "NODE-42";

function device(kv: KvPort = createMemoryKv()) {
  const log = createMemoryLog();
  const handler = createAssistedClaimHandler({ kv, crypto, log, clock: createManualClock({ epochMs: NOW }), mac: "a1b2c3d4e5f6", platform: "esp32", keyBits: 512 });
  return { kv, log, handler };
}

function status(reply: Uint8Array): number | undefined {
  const r = decode(RMakerClaimPayload, reply);
  assert.ok(r.ok);
  return r.value.respPayload?.Status ?? 0;
}

const cloudFor = (kv: KvPort, cn = NODE) => ({
  initiate: async (b: Record<string, unknown>) => ({ node_id: NODE, auth_id: "x", echoed: b.mac_addr }),
  verify: async (b: Record<string, unknown>) => {
    assert.match(String(b.csr), /BEGIN CERTIFICATE REQUEST/);
    assert.equal(b.send_mqtt_host, true);
    const spki = nodeKeyFromPkcs8(kv.get(PendingClaimKv.namespace, PendingClaimKv.key) as Uint8Array).subjectPublicKeyInfo;
    return { certificate: derToPem(fakeCertificate(cn, NOW + 300 * 86400_000, 5, spki), "CERTIFICATE"), mqtt_host: "mqtt.local" };
  },
});

describe("claiming/assisted-endpoint", () => {
  it("claims through the relay and stores the credentials; the key stays on the device", async () => {
    const d = device();
    const result = await relayAssistedClaim(async (b) => d.handler(b), cloudFor(d.kv));
    assert.equal(result.nodeId, NODE);
    const creds = loadCredentials(d.kv)!;
    assert.equal(creds.nodeId, NODE);
    assert.equal(d.kv.get(PendingClaimKv.namespace, PendingClaimKv.key), undefined);
  });

  it("answers Fail and keeps nothing when the store is cut during the final write; a retry then succeeds", async () => {
    const flash = createMemoryKv();
    const d = device(powerCutKv(flash, 2));
    await assert.rejects(relayAssistedClaim(async (b) => d.handler(b), cloudFor(flash)), /device answered Fail/);
    assert.equal(loadCredentials(flash), undefined);
    assert.ok(flash.get(PendingClaimKv.namespace, PendingClaimKv.key) instanceof Uint8Array, "pending key kept for the retry");
    const rebooted = device(flash);
    assert.equal((await relayAssistedClaim(async (b) => rebooted.handler(b), cloudFor(flash))).nodeId, NODE);
    assert.ok(loadCredentials(flash));
  });

  it("answers InvalidParam to an Init without node_id or with a wrong TotalLen", () => {
    fc.assert(fc.property(fc.json(), (text) => {
      const d = device();
      d.handler(encode(RMakerClaimPayload, { msg: 0, cmdPayload: {} }));
      const payload = utf8Encode(text);
      const parsed = JSON.parse(text) as unknown;
      const hasNode = parsed !== null && typeof parsed === "object" && typeof (parsed as { node_id?: unknown }).node_id === "string" && (parsed as { node_id: string }).node_id.length > 0;
      fc.pre(!hasNode);
      assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: { Offset: 0, Payload: payload, TotalLen: payload.length } }))), 2);
    }), { numRuns: 100 });
    const d = device();
    d.handler(encode(RMakerClaimPayload, { msg: 0, cmdPayload: {} }));
    const ok = utf8Encode(JSON.stringify({ node_id: NODE }));
    assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: { Offset: 0, Payload: ok, TotalLen: ok.length + 1 } }))), 2);
  });

  it("survives arbitrary request bytes: a reply or an Error, and a clean Start afterwards", () => {
    const d = device();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        const reply = d.handler(bytes);
        assert.ok(reply instanceof Uint8Array);
      } catch (error) {
        assert.ok(error instanceof Error);
      }
    }), { numRuns: 500 });
    assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 0, cmdPayload: {} }))), 0);
  });

  it("refuses Verify fragments out of order", async () => {
    const d = device();
    d.handler(encode(RMakerClaimPayload, { msg: 0, cmdPayload: {} }));
    const init = utf8Encode(JSON.stringify({ node_id: NODE }));
    let r = decode(RMakerClaimPayload, d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: { Offset: 0, Payload: init, TotalLen: init.length } })));
    while (r.ok && (r.value.respPayload!.Buf!.Offset ?? 0) + r.value.respPayload!.Buf!.Payload!.length < r.value.respPayload!.Buf!.TotalLen!) {
      r = decode(RMakerClaimPayload, d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: {} })));
    }
    assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 4, cmdPayload: { Offset: 0, Payload: utf8Encode("{\"a\""), TotalLen: 10 } }))), 0);
    assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 4, cmdPayload: { Offset: 7, Payload: utf8Encode("12"), TotalLen: 10 } }))), 2);
    assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 6, cmdPayload: {} }))), 0);
    assert.equal(status(d.handler(encode(RMakerClaimPayload, { msg: 4, cmdPayload: { Offset: 0, Payload: utf8Encode("{}"), TotalLen: 2 } }))), 3);
  });
});

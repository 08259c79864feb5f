import assert from "node:assert/strict";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { getTestCrypto } from "../../helpers/crypto-port";
import { createAssistedClaimHandler } from "../../../firmware/core/claiming/assisted-endpoint";
import { claimCloudOverHttp, relayAssistedClaim } from "../../../firmware/core/claiming/assisted-relay";
import type { AssistedClaimCloud, ClaimEndpointCall } from "../../../firmware/core/claiming/assisted-relay";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import type { NodeCredentials } from "../../../firmware/core/claiming/credentials";
import { PendingClaimKv } from "../../../firmware/core/claiming/node-key";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { RMakerClaimPayload } from "../../../firmware/protocol/protocomm/schemas/claim";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import { connectWith, countingHttp, startClaimCloud, stubCa } from "./rig";

const MAC = "24DCC3B00001";
const crypto = getTestCrypto();

describe("e2e: assisted claim through rmaker_claim and the claim service", function () {
  this.timeout(60_000);
  let h: CloudHarness;
  let token: string;
  before(async () => {
    h = await startClaimCloud([]);
    token = await h.userToken();
  });
  after(() => h.close());

  function device() {
    const kv = createMemoryKv();
    const log = createMemoryLog();
    const claimed: NodeCredentials[] = [];
    const handler = createAssistedClaimHandler({
      kv, crypto, log, clock: createManualClock({ epochMs: Date.now() }), mac: MAC, platform: "esp32",
      onClaimed: (c) => claimed.push(c),
    });
    const requests: Uint8Array[] = [];
    const call: ClaimEndpointCall = async (body) => {
      requests.push(body);
      return handler(body);
    };
    return { kv, log, claimed, handler, call, requests };
  }

  const cloud = (): AssistedClaimCloud => claimCloudOverHttp({ http: countingHttp(), baseUrl: h.server.urls.https, accessToken: token, ca: [stubCa(h)] });

  it("claims: CSR out in <= 200-byte fragments, certificate in, credentials stored and usable", async () => {
    const d = device();
    const { nodeId } = await relayAssistedClaim(d.call, cloud());
    assert.equal(nodeId, MAC);
    const creds = loadCredentials(d.kv);
    assert.ok(creds);
    assert.equal(creds.nodeId, MAC);
    assert.deepEqual(d.claimed, [creds]);
    assert.equal(d.kv.get(PendingClaimKv.namespace, PendingClaimKv.key), undefined);
    const csrFragments = d.requests.map((r) => decode(RMakerClaimPayload, r)).filter((r) => r.ok && r.value.msg === 2).length;
    assert.ok(csrFragments >= 5, `CSR came in ${csrFragments} Init rounds`);
    await connectWith(h, creds);
  });

  it("answers every CSR fragment within 200 bytes with Offset/TotalLen", async () => {
    const d = device();
    const init = encode(RMakerClaimPayload, { msg: 0 });
    d.handler(init);
    const initiate = new TextEncoder().encode(JSON.stringify({ node_id: MAC, auth_id: "x" }));
    let r = decode(RMakerClaimPayload, d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: { Offset: 0, Payload: initiate, TotalLen: initiate.length } })));
    let got = 0;
    let total = 0;
    while (r.ok && r.value.respPayload?.Buf?.Payload?.length) {
      const buf = r.value.respPayload.Buf;
      assert.equal(buf.Offset ?? 0, got);
      assert.ok(buf.Payload!.length <= 200);
      got += buf.Payload!.length;
      total = buf.TotalLen!;
      if (got === total) break;
      r = decode(RMakerClaimPayload, d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: {} })));
    }
    assert.ok(total > 800 && got === total);
    const after = decode(RMakerClaimPayload, d.handler(encode(RMakerClaimPayload, { msg: 2, cmdPayload: {} })));
    assert.ok(after.ok && after.value.respPayload?.Status === 3, "Init after the last fragment is InvalidState");
  });

  it("refuses out-of-order steps and a certificate for another node, and aborts cleanly", async () => {
    const d = device();
    const verifyFirst = decode(RMakerClaimPayload, d.handler(encode(RMakerClaimPayload, { msg: 4, cmdPayload: { Offset: 0, Payload: new Uint8Array(3), TotalLen: 3 } })));
    assert.ok(verifyFirst.ok && verifyFirst.value.respPayload?.Status === 3);
    const liar: AssistedClaimCloud = {
      initiate: (b) => cloud().initiate(b),
      async verify() {
        const other = device();
        await relayAssistedClaim(other.call, { ...cloud(), initiate: async (b) => ({ ...(await cloud().initiate({ ...b, mac_addr: "24DCC3B0FFFF" })) }) });
        const creds = loadCredentials(other.kv)!;
        const { derToPem } = await import("../../../firmware/protocol/der/pem");
        return { certificate: derToPem(creds.certificate, "CERTIFICATE"), mqtt_host: "127.0.0.1" };
      },
    };
    await assert.rejects(relayAssistedClaim(d.call, liar), /device answered Fail/);
    assert.equal(loadCredentials(d.kv), undefined);
    assert.equal(d.log.find({ level: "error", tag: "claim", includes: "wrong-identity" }).length, 1);
    const last = decode(RMakerClaimPayload, d.requests[d.requests.length - 1]);
    assert.ok(last.ok && last.value.msg === 6, "the relay aborted");
    const again = await relayAssistedClaim(d.call, cloud());
    assert.equal(again.nodeId, MAC);
    assert.ok(loadCredentials(d.kv));
  });

  it("stops with the service's refusal when the user token is bad", async () => {
    const d = device();
    const bad = claimCloudOverHttp({ http: countingHttp(), baseUrl: h.server.urls.https, accessToken: "a.b.c", ca: [stubCa(h)] });
    await assert.rejects(relayAssistedClaim(d.call, bad), (e: Error & { kind?: string }) => e.kind === "rejected");
    assert.equal(loadCredentials(d.kv), undefined);
  });
});

import assert from "node:assert/strict";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { getTestCrypto } from "../../helpers/crypto-port";
import { x25519, x25519PublicKey } from "../../../firmware/crypto/index";
import { utf8Encode } from "../../../firmware/protocol/bytes";
import { createProtocomm } from "../../../firmware/protocol/protocomm/protocomm";
import { createSec1 } from "../../../firmware/protocol/protocomm/security/sec1";
import { createSec1Client } from "../../../firmware/protocol/protocomm/client/index";
import type { ProvTransport } from "../../../firmware/protocol/protocomm/client/index";
import { portClientMath } from "../../core/provisioning/client-for";
import { createAssistedClaimHandler } from "../../../firmware/core/claiming/assisted-endpoint";
import { claimCloudOverHttp, relayAssistedClaim } from "../../../firmware/core/claiming/assisted-relay";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import { connectWith, countingHttp, startClaimCloud, stubCa } from "./rig";

const MAC = "24DCC3C00001";
const POP = utf8Encode("abcd1234");

describe("e2e: assisted claim through a security 1 provisioning session", function () {
  this.timeout(60_000);
  let h: CloudHarness;
  before(async () => {
    h = await startClaimCloud([]);
  });
  after(() => h.close());

  it("relays start/init/verify encrypted, the device ends up with working credentials", async () => {
    const crypto = getTestCrypto();
    const kv = createMemoryKv();
    const device = createProtocomm({ crypto, security: createSec1({ crypto, math: { x25519, x25519PublicKey }, pop: POP }), protoVersion: "{}", log: createMemoryLog() });
    device.register("rmaker_claim", createAssistedClaimHandler({ kv, crypto, log: createMemoryLog(), clock: createManualClock({ epochMs: Date.now() }), mac: MAC, platform: "esp32" }));
    const sent: Array<{ endpoint: string; body: Uint8Array }> = [];
    const transport: ProvTransport = {
      async send(endpoint, body) {
        sent.push({ endpoint, body });
        const r = device.handle({ endpoint, body, connectionId: 1 });
        if ("close" in r) throw new Error(`device closed: ${r.reason}`);
        return r.body;
      },
      close: async () => undefined,
    };
    const security = createSec1Client({ crypto, math: portClientMath(crypto), pop: POP });
    await security.establish(transport);
    const call = async (body: Uint8Array) => security.decrypt(await transport.send("rmaker_claim", security.encrypt(body)));
    const cloud = claimCloudOverHttp({ http: countingHttp(), baseUrl: h.server.urls.https, accessToken: await h.userToken(), ca: [stubCa(h)] });
    const { nodeId } = await relayAssistedClaim(call, cloud);
    assert.equal(nodeId, MAC);
    const creds = loadCredentials(kv)!;
    assert.equal(creds.nodeId, MAC);
    const onWire = sent.filter((s) => s.endpoint === "rmaker_claim").map((s) => Buffer.from(s.body).toString("latin1")).join("");
    assert.ok(!onWire.includes("BEGIN CERTIFICATE") && !onWire.includes(MAC), "claim traffic is encrypted");
    await connectWith(h, creds);
  });
});

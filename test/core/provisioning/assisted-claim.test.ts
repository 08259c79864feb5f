import assert from "node:assert/strict";
import type { Platform } from "../../../firmware/ports/index";
import { provisioningHook } from "../../../firmware/core/provisioning/index";
import { PendingClaimKv } from "../../../firmware/core/claiming/node-key";
import { saveCredentials } from "../../../firmware/core/claiming/credentials";
import { derOctetString, derSequence } from "../../../firmware/protocol/der/writer";
import { utf8Decode, utf8Encode } from "../../../firmware/protocol/bytes";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { RMakerClaimMsgType, RMakerClaimPayload, RMakerClaimStatus } from "../../../firmware/protocol/protocomm/schemas/claim";
import type { ProvClient } from "../../../firmware/protocol/protocomm/client/index";
import { getTestCrypto } from "../../helpers/crypto-port";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { clientFor } from "./client-for";
import { createRig, MAC, type Rig } from "./rig";

const POP = "28aabbcc";

function platformOf(rig: Rig): Platform {
  return { clock: rig.clock, kv: rig.kv, log: rig.log, crypto: getTestCrypto(), wifi: rig.wifi, system: createFakeSystem({ mac: MAC }), httpServer: rig.http } as unknown as Platform;
}

async function claimCall(client: ProvClient, msg: number, buf?: { Offset: number; Payload: Uint8Array; TotalLen: number }) {
  const r = decode(RMakerClaimPayload, await client.claimExchange(encode(RMakerClaimPayload, { msg, cmdPayload: buf ?? {} })));
  assert.ok(r.ok);
  assert.equal(r.value.msg, msg + 1);
  return r.value.respPayload;
}

async function startHook(rig: Rig): Promise<ProvClient> {
  void provisioningHook({ nodeId: "24:6F", transport: "softap", assistedClaim: { keyBits: 512 } })(platformOf(rig));
  await rig.settle();
  return clientFor(rig.transport(), 2, POP, async (ms) => {
    rig.clock.advance(ms);
    await rig.settle();
  });
}

describe("assisted claim during provisioning [spec 4.4, 6.2]", () => {
  it("a node without credentials advertises rmaker claim, makes its key ahead and serves rmaker_claim", async () => {
    const rig = createRig();
    const client = await startHook(rig);
    const { text, info } = await client.protoVersion();
    assert.deepEqual(info.rmakerCapabilities, ["claim"]);
    assert.ok(text.indexOf('"rmaker"') < text.indexOf('"prov"'), "app-info objects come before prov");
    for (let i = 0; i < 200 && rig.kv.get(PendingClaimKv.namespace, PendingClaimKv.key) === undefined; i++) {
      rig.clock.advance(0);
      await rig.settle();
    }
    assert.ok(rig.kv.get(PendingClaimKv.namespace, PendingClaimKv.key) instanceof Uint8Array, "node key prepared in the background");
    assert.equal(rig.log.find({ includes: "node key ready" }).length, 1);

    await client.startSession();
    const start = await claimCall(client, RMakerClaimMsgType.TypeCmdClaimStart);
    assert.equal(start?.Status ?? RMakerClaimStatus.Success, RMakerClaimStatus.Success);
    assert.equal(JSON.parse(utf8Decode(start!.Buf!.Payload!)).mac_addr, "246F28AABBCC");
    const initiate = utf8Encode(JSON.stringify({ node_id: "246F28AABBCC", auth_id: "a1" }));
    const first = await claimCall(client, RMakerClaimMsgType.TypeCmdClaimInit, { Offset: 0, Payload: initiate, TotalLen: initiate.length });
    const fragment = first!.Buf!;
    assert.ok(fragment.Payload!.length <= 200);
    assert.match(utf8Decode(fragment.Payload!), /^\{"csr":"-----BEGIN CERTIFICATE REQUEST-----/);
  });

  it("a node with credentials advertises nothing and has no rmaker_claim endpoint", async () => {
    const rig = createRig();
    const blob = (n: number) => derSequence(derOctetString(new Uint8Array(n).fill(7)));
    saveCredentials(rig.kv, { nodeId: "246F28AABBCC", certificate: blob(600), privateKey: blob(1200), mqttHost: "mqtt.local", mqttPort: 8883 });
    const client = await startHook(rig);
    const { text, info } = await client.protoVersion();
    assert.deepEqual(info.rmakerCapabilities, []);
    assert.ok(!text.includes("rmaker"));
    await client.startSession();
    await assert.rejects(() => claimCall(client, RMakerClaimMsgType.TypeCmdClaimStart));
    assert.equal(rig.kv.get(PendingClaimKv.namespace, PendingClaimKv.key), undefined, "no key generated");
  });
});

import assert from "node:assert/strict";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { provisionShortcut } from "../../../host-sim/device";
import type { SimDevice } from "../../../host-sim/device";
import { requestMapping, rest, waitMappingConfirmed } from "../../../host-sim/loop";
import { eventually, NETWORK, startLoop } from "./fixture";
import type { Loop } from "./fixture";

describe("e2e System service resets through the cloud [spec 9.7, 5.1]", function () {
  this.timeout(60_000);
  let loop: Loop;
  before(async () => {
    loop = await startLoop();
  });
  after(async () => {
    await loop?.close();
  });

  const listed = async (nodeId: string): Promise<boolean> => JSON.stringify((await rest(loop.endpoints.http, "GET", "/v1/user/nodes", loop.token)).body).includes(nodeId);

  async function mappedDevice(name: string, secretKey: string): Promise<{ device: SimDevice; provisions: () => number }> {
    let provisions = 0;
    const shortcut = provisionShortcut(NETWORK, { userId: loop.userId, secretKey });
    const { device } = await loop.newDevice(name, { provision: (d, p) => (provisions++, shortcut(d, p)) });
    const request = await requestMapping(loop.endpoints.http, loop.token, { userId: loop.userId, nodeId: device.factory.mac, secretKey });
    const agent = device.boot();
    await eventually("online", () => agent.phase() === "online");
    assert.equal(await waitMappingConfirmed(loop.endpoints.http, loop.token, request), true);
    return { device, provisions: () => provisions };
  }

  it("Factory-Reset: echoed, erased, re-provisioned, reset report drops the mapping, credentials kept", async () => {
    const { device, provisions } = await mappedDevice("factory", "secret-f1");
    const nodeId = device.factory.mac;
    const cert = loadCredentials(device.kv())!.certificate;
    const before = device.agent();
    assert.equal(await loop.setParams(nodeId, { System: { "Factory-Reset": true } }), 200);
    await eventually("rebooted and online again", () => device.agent() !== before && device.agent()!.phase() === "online", 20_000);
    assert.equal(provisions(), 2, "provisioned again after the reset");
    assert.deepEqual(loadCredentials(device.kv())!.certificate, cert, "not re-claimed");
    await eventually("mapping dropped by the reset report", async () => !(await listed(nodeId)));
    const request = await requestMapping(loop.endpoints.http, loop.token, { userId: loop.userId, nodeId, secretKey: "secret-f1" });
    assert.equal(await waitMappingConfirmed(loop.endpoints.http, loop.token, request), true, "the user can add it again");
  });

  it("Wi-Fi-Reset: the node forgets the network and provisions again, staying mapped", async () => {
    const { device, provisions } = await mappedDevice("wifi", "secret-w1");
    const nodeId = device.factory.mac;
    const before = device.agent();
    assert.equal(await loop.setParams(nodeId, { System: { "Wi-Fi-Reset": true } }), 200);
    await eventually("rebooted and online again", () => device.agent() !== before && device.agent()!.phase() === "online", 20_000);
    assert.equal(provisions(), 2);
    assert.equal(await listed(nodeId), true);
  });
});

import assert from "node:assert/strict";
import { softApProvisioning } from "../../../host-sim/device";
import type { SoftApInfo } from "../../../host-sim/device";
import { runProvisioning } from "../../../scripts/prov-client/provision-flow";
import { createSoftApTransport } from "../../../scripts/prov-client/softap-http";
import type { CliIo } from "../../../scripts/cli/cloud-client/io";
import { rest } from "../../../host-sim/loop";
import { eventually, NETWORK, startLoop } from "./fixture";
import type { Loop } from "./fixture";

function recordingIo(): CliIo & { text: string[] } {
  const text: string[] = [];
  return { text, out: (s) => void text.push(s), err: (s) => void text.push(s), fail: () => undefined };
}

describe("e2e loop with real SoftAP provisioning (protocomm client <-> device)", function () {
  this.timeout(90_000);
  let loop: Loop;
  before(async () => {
    loop = await startLoop();
  });
  after(async () => {
    await loop?.close();
  });

  for (const security of [1, 2] as const) {
    it(`security ${security}: provision with cloud_user_assoc -> claim -> connect -> mapping confirmed -> REST write applied`, async () => {
      let ready: (info: SoftApInfo) => void = () => undefined;
      const softAp = new Promise<SoftApInfo>((r) => (ready = r));
      const { device } = await loop.newDevice(`prov-sec${security}`, { provision: softApProvisioning({ security, onReady: (i) => ready(i) }) });
      const agent = device.boot();
      const info = await softAp;
      const io = recordingIo();
      const ok = await runProvisioning(
        {
          transport: createSoftApTransport({ host: `127.0.0.1:${info.port}` }),
          security,
          pop: info.pop,
          ssid: NETWORK.ssid,
          passphrase: NETWORK.passphrase,
          scan: security === 2,
          cloud: { baseUrl: loop.endpoints.http, token: loop.token, userId: loop.userId },
          pollMs: 50,
          mappingPollMs: 100,
          mappingWaitMs: 30_000,
        },
        io,
      );
      assert.equal(ok, true, io.text.join("\n"));
      assert.ok(io.text.some((l) => /added to your account/.test(l)));
      await eventually("online", () => agent.phase() === "online", 20_000);
      const nodeId = device.factory.mac;
      assert.equal((await loop.setParams(nodeId, { Light: { Power: true } })), 200);
      await eventually("driver wrote the PWM", () => device.pwmDuty(25) > 0);
      const list = await rest(loop.endpoints.http, "GET", "/v1/user/nodes", loop.token);
      assert.ok(JSON.stringify(list.body).includes(nodeId));
    });
  }

  it("a wrong Wi-Fi passphrase reports AuthError and a retry with the right one works", async () => {
    let ready: (info: SoftApInfo) => void = () => undefined;
    const softAp = new Promise<SoftApInfo>((r) => (ready = r));
    const { device } = await loop.newDevice("prov-wrong", { provision: softApProvisioning({ security: 1, onReady: (i) => ready(i) }) });
    const agent = device.boot();
    const info = await softAp;
    const base = { security: 1 as const, pop: info.pop, ssid: NETWORK.ssid, scan: false, pollMs: 50, maxPolls: 400 };
    const first = recordingIo();
    assert.equal(await runProvisioning({ ...base, transport: createSoftApTransport({ host: `127.0.0.1:${info.port}` }), passphrase: "wrong-password" }, first), false);
    assert.ok(first.text.some((l) => /AuthError/.test(l)), first.text.join("\n"));
    const second = recordingIo();
    assert.equal(await runProvisioning({ ...base, transport: createSoftApTransport({ host: `127.0.0.1:${info.port}` }), passphrase: NETWORK.passphrase, reset: true }, second), true, second.text.join("\n"));
    await eventually("online", () => agent.phase() === "online", 20_000);
  });
});

import assert from "node:assert/strict";
import type { Platform } from "../../../firmware/ports/index";
import { loadWifiCredentials, provisioningHook, type Provisioning } from "../../../firmware/core/provisioning/index";
import { getTestCrypto } from "../../helpers/crypto-port";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { clientFor } from "./client-for";
import { createRig, MAC } from "./rig";

describe("provisioning hook for the agent", () => {
  it("resolves once credentials are stored, restarting after an expired window", async () => {
    const rig = createRig();
    const platform = {
      clock: rig.clock,
      kv: rig.kv,
      log: rig.log,
      crypto: getTestCrypto(),
      wifi: rig.wifi,
      system: createFakeSystem({ mac: MAC }),
      httpServer: rig.http,
    } as unknown as Platform;
    let seen: Provisioning | undefined;
    let resolved = false;
    const hook = provisioningHook({ nodeId: () => "node-9", transport: "softap", windowMs: 10_000, onStart: (p) => (seen = p) });
    const running = hook(platform).then(() => (resolved = true));
    await rig.settle();
    assert.equal(seen?.phase(), "running");
    rig.clock.advance(10_000);
    for (let i = 0; i < 5; i++) await rig.settle();
    assert.equal(seen?.phase(), "running", "started again after the window expired");
    assert.ok(rig.log.find({ includes: "starting again" }).length === 1);
    const client = clientFor(rig.transport(), 2, "28aabbcc", async (ms) => {
      rig.clock.advance(ms);
      await rig.settle();
    });
    await client.startSession();
    assert.equal(await client.setUserMapping("u", "s"), "node-9");
    await client.setConfig("Cafe Guest", "");
    await client.applyConfig();
    await client.waitForConnection({ pollMs: 500 });
    assert.equal(resolved, false, "still serving during the 30 s after success");
    rig.clock.advance(30_000);
    await running;
    assert.equal(loadWifiCredentials(rig.kv)?.ssid, "Cafe Guest");
  });
});

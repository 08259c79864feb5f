import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimDevice, provisionShortcut } from "../../../host-sim/device";
import type { SimDevice } from "../../../host-sim/device";
import { switchApp } from "../../../host-sim/apps/switch";
import { selfClaimHook } from "../../../firmware/core/claiming/agent-hooks";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { fromHex } from "../../../firmware/protocol/bytes";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import { startClaimCloud, stubCa } from "./rig";

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("e2e: a simulated device self-claims through the agent hook and goes online", function () {
  this.timeout(60_000);
  let h: CloudHarness;
  let dir: string;
  const devices: SimDevice[] = [];
  before(async () => {
    h = await startClaimCloud([]);
    dir = await mkdtemp(join(tmpdir(), "xsr-sim-claim-"));
  });
  after(async () => {
    for (const d of devices) d.stop();
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("claims with a device-made RSA key on first boot, connects with mTLS, and keeps the credentials over a power cut", async () => {
    let claims = 0;
    const wifi = { networks: [{ ssid: "home", passphrase: "password1" }] };
    const d = createSimDevice({
      dir: join(dir, "dev"), app: switchApp, wifi, write: () => undefined, mqttMaxQos: 1,
      provision: provisionShortcut({ ssid: "home", passphrase: "password1" }),
      claim: (dev, platform) => {
        claims++;
        return selfClaimHook({ baseUrl: h.server.urls.https, ca: [stubCa(h)], factorySecret: fromHex(dev.factory.secretHex), backoff: { firstRetryMs: 200, maxRetryMs: 1000 } })(platform);
      },
    });
    devices.push(d);
    h.server.claims.importFactoryDevices([{ mac: d.factory.mac, secretHex: d.factory.secretHex, pop: "abcd1234", batch: "sim", importedAt: Date.now() }]);
    const agent = d.boot();
    await until(() => agent.phase() === "online");
    const creds = loadCredentials(d.kv())!;
    assert.equal(creds.nodeId, d.factory.mac);
    assert.equal(claims, 1);
    d.powerCut();
    const again = d.boot();
    await until(() => again.phase() === "online");
    assert.equal(claims, 1, "no second claim after a reboot");
    assert.deepEqual(loadCredentials(d.kv()), creds);
  });
});

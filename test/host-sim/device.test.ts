import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimDevice, provisionShortcut } from "../../host-sim/device";
import type { SimDevice } from "../../host-sim/device";
import { simApp, SimApps } from "../../host-sim/apps/index";
import { switchApp } from "../../host-sim/apps/switch";
import { controlCommand } from "../../host-sim/main";
import type { Fleet } from "../../host-sim/fleet";
import { loadWifiCredentials } from "../../firmware/core/provisioning/kv-state";
import { readKvFile } from "../../host-sim/adapters/kv";

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("host-sim device", () => {
  let dir: string;
  const devices: SimDevice[] = [];
  const lines: string[] = [];
  const make = (name: string, extra: Partial<Parameters<typeof createSimDevice>[0]> = {}): SimDevice => {
    const d = createSimDevice({ dir: join(dir, name), app: switchApp, write: (l) => void lines.push(l), ...extra });
    devices.push(d);
    return d;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-dev-"));
    lines.length = 0;
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) d.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("has stable factory data (MAC, secret, PoP random) in its own directory and a flash file", () => {
    const a = make("a");
    const again = createSimDevice({ dir: join(dir, "a"), app: switchApp, write: () => undefined });
    assert.equal(again.factory.mac, a.factory.mac);
    assert.match(a.factory.mac, /^[0-9A-F]{12}$/);
    assert.equal(parseInt(a.factory.mac.slice(0, 2), 16) & 0x03, 0x02, "locally administered unicast");
    assert.equal(a.factory.randomHex.length, 128);
    assert.notEqual(make("b").factory.mac, a.factory.mac);
    assert.ok(existsSync(join(dir, "a", "flash.cbor")));
    const flash = readKvFile(join(dir, "a", "flash.cbor"));
    assert.equal((flash.fctry!.random as Uint8Array).length, 64);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "a", "factory.json"), "utf8")).mac, a.factory.mac);
  });

  it("runs its drivers offline: a button press toggles the relay, logged with the device prefix", async () => {
    const d = make("sw");
    const agent = d.boot();
    await until(() => agent.phase() === "provisioning");
    assert.equal(d.readPin(4), 0);
    await d.pressButton(50);
    assert.equal(d.readPin(4), 1);
    assert.ok(lines.some((l) => l.startsWith(`[${d.factory.mac}]`) && /Switch\.Power = true \(local\)/.test(l)), lines.join("\n"));
  });

  it("power cut drops RAM state but keeps committed flash; factory reset erases Wi-Fi but not factory data", async () => {
    let provisions = 0;
    const shortcut = provisionShortcut({ ssid: "x", passphrase: "12345678" });
    const d = make("cut", { provision: (dev, p) => (provisions++, shortcut(dev, p)), wifi: { networks: [] } });
    const first = d.boot();
    await until(() => loadWifiCredentials(d.kv()) !== undefined);
    d.powerCut();
    assert.equal(first.phase(), "stopped");
    assert.throws(() => d.io(), /off/);
    const second = d.boot();
    await until(() => second.phase() === "joining-wifi");
    assert.equal(loadWifiCredentials(d.kv())?.ssid, "x");
    assert.equal(provisions, 1, "a power cut does not re-provision");
    const third = d.factoryReset();
    assert.equal(provisions, 2, "after a factory reset the device provisions again");
    assert.ok(d.kv().get("fctry", "random") instanceof Uint8Array);
    assert.equal(d.kv().get("xsr_agent", "reset_rep"), true, "reset report owed");
    assert.equal(second.phase(), "stopped");
    assert.notEqual(third, second);
  });

  it("knows its apps and refuses unknown ones", () => {
    assert.deepEqual(Object.keys(SimApps).sort(), ["lightbulb", "multi", "sensor", "switch"]);
    assert.throws(() => simApp("toaster"), /unknown app "toaster"; choose one of/);
  });

  it("the sensor app samples its virtual SHT3x", async () => {
    const d = make("sensor", { app: SimApps.sensor! });
    const agent = d.boot();
    await until(() => agent.runtime.get("Temperature Sensor", "Temperature") === 22.5);
    assert.equal(agent.runtime.get("Temperature Sensor", "Humidity"), 45);
  });

  it("the control console reads pins and reports bad input clearly", async () => {
    const d = make("ctl");
    d.boot();
    const fleet = { devices: [d] } as unknown as Fleet;
    assert.deepEqual(await controlCommand(fleet, "pin 1 4"), ["gpio 4 = 0"]);
    assert.deepEqual(await controlCommand(fleet, "press 1 30"), ["pressed device 1's button"]);
    assert.deepEqual(await controlCommand(fleet, "pin 1 4"), ["gpio 4 = 1"]);
    assert.match((await controlCommand(fleet, "reboot 7"))[0]!, /no device 7; devices are 1..1/);
    assert.match((await controlCommand(fleet, "fly 1"))[0]!, /unknown command fly/);
    assert.match((await controlCommand(fleet, "list"))[0]!, new RegExp(d.factory.mac));
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { createVirtualWifi, parseWifiEnvironment } from "../../host-sim/fakes/wifi";
import { createWifi } from "../../host-sim/adapters/wifi";
import { createManualClock } from "../../host-sim/fakes/clock";
import { wifiContract } from "./wifi.contract";

const dir = mkdtempSync(join(tmpdir(), "xsr-wifi-"));
after(() => rmSync(dir, { recursive: true, force: true }));

wifiContract("virtual fake (object)", (environment, clock) => createVirtualWifi({ environment, clock }));
wifiContract("host adapter (env.json file)", (environment, clock) => {
  const file = join(dir, `env-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(environment));
  return createWifi({ envFile: file, clock });
});

describe("Wi-Fi environment parsing", () => {
  it("fills defaults: open auth without passphrase, WPA2 with one, 2 s scans", () => {
    const env = parseWifiEnvironment({ networks: [{ ssid: "a" }, { ssid: "b", passphrase: "12345678" }] });
    assert.equal(env.networks[0]!.auth, 0);
    assert.equal(env.networks[1]!.auth, 3);
    assert.equal(env.scanDelayMs, 2000);
    assert.equal(env.networks[0]!.bssid.length, 6);
  });

  it("names the bad field", () => {
    assert.throws(() => parseWifiEnvironment({ networks: [{ ssid: "a", bssid: "zz" }] }), /networks\[0\]\.bssid/);
    assert.throws(() => parseWifiEnvironment({ networks: [{ ssid: "a", passphrase: "short" }] }), /passphrase/);
    assert.throws(() => parseWifiEnvironment({ networks: [{ ssid: "a", failure: { reason: "boom" } }] }), /failure\.reason/);
    assert.throws(() => parseWifiEnvironment({}), /networks/);
    assert.throws(() => parseWifiEnvironment(null), /object/);
  });

  it("property: arbitrary JSON either parses or throws a wifi environment Error (never anything else)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseWifiEnvironment(value);
        } catch (error) {
          assert.ok(error instanceof Error && error.message.startsWith("wifi environment"), String(error));
        }
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom("ssid", "passphrase", "bssid", "channel", "rssi", "auth", "ip", "failure"), fc.jsonValue())), (networks) => {
        try {
          parseWifiEnvironment({ networks });
        } catch (error) {
          assert.ok(error instanceof Error && error.message.startsWith("wifi environment"), String(error));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("the adapter reports unreadable and invalid files with the file name", () => {
    const clock = createManualClock();
    assert.throws(() => createWifi({ envFile: join(dir, "missing.json"), clock }), /missing\.json/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ not json");
    assert.throws(() => createWifi({ envFile: bad, clock }), /bad\.json: invalid JSON/);
    writeFileSync(bad, JSON.stringify({ networks: [{ ssid: 5 }] }));
    assert.throws(() => createWifi({ envFile: bad, clock }), /bad\.json.*ssid/);
  });
});

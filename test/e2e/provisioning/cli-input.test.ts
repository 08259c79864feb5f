import assert from "node:assert/strict";
import fc from "fast-check";
import { describeStatus, scanTable } from "../../../scripts/prov-client/provision-flow";
import { parseQrPayload } from "../../../scripts/prov-client/qr-payload";
import { parseHostPort } from "../../../scripts/prov-client/softap-http";

describe("provision command input", () => {
  it("parses --host with and without a port", () => {
    assert.deepEqual(parseHostPort("192.168.4.1:80"), { hostname: "192.168.4.1", port: 80 });
    assert.deepEqual(parseHostPort("localhost"), { hostname: "localhost", port: 80 });
    assert.deepEqual(parseHostPort("[::1]:8080"), { hostname: "::1", port: 8080 });
    assert.throws(() => parseHostPort("host:99999"), /bad port/);
  });

  it("reads the QR payload and refuses anything else with a clear message", () => {
    assert.deepEqual(parseQrPayload('{"ver":"v1","name":"PROV_1a2b3c","username":"wifiprov","pop":"abcd1234","transport":"ble"}'), {
      name: "PROV_1a2b3c",
      username: "wifiprov",
      pop: "abcd1234",
      transport: "ble",
    });
    assert.throws(() => parseQrPayload("PROV_1a2b3c"), /--qr must be the QR payload JSON/);
    assert.throws(() => parseQrPayload('{"ver":"v2"}'), /unsupported ver/);
    assert.throws(() => parseQrPayload('{"ver":"v1","pop":1234}'), /pop must be a string/);
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseQrPayload(s);
        } catch (e) {
          assert.match((e as Error).message, /^--qr/);
        }
      }),
    );
  });

  it("prints the scan table and status lines", () => {
    assert.deepEqual(scanTable([{ ssid: "Home", bssid: Uint8Array.of(1, 2, 3, 4, 5, 0xff), channel: 11, rssi: -50, auth: 6 }]), [
      "#  SSID  BSSID              CH  RSSI  AUTH",
      "1  Home  01:02:03:04:05:ff  11  -50   WPA3_PSK",
    ]);
    assert.equal(describeStatus({ state: "failed", reason: "network-not-found" }), "failed: NetworkNotFound");
    assert.equal(describeStatus({ state: "connecting", attemptsRemaining: 2 }), "connecting (attempt failed, 2 attempts remaining)");
  });
});

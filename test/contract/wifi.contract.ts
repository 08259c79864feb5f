import assert from "node:assert/strict";
import type { WifiEvent } from "../../firmware/ports/wifi";
import type { VirtualWifi } from "../../host-sim/fakes/wifi";
import { createManualClock, type ManualClock } from "../../host-sim/fakes/clock";

/** Build a virtual radio from a JSON-shaped environment on the given clock. */
export type MakeWifi = (environment: unknown, clock: ManualClock) => VirtualWifi;

/** The environment the contract uses; JSON-shaped like an `--wifi env.json` file. */
export const ContractEnvironment = Object.freeze({
  connectDelayMs: 500,
  scanDelayMs: 2000,
  networks: [
    { ssid: "home", passphrase: "correct horse", bssid: "24:0a:c4:00:00:01", channel: 6, rssi: -40, ip: "192.168.1.50" },
    { ssid: "cafe", bssid: "24:0a:c4:00:00:02", channel: 11, rssi: -70 },
    { ssid: "hidden-lab", passphrase: "labpassword", bssid: "24:0a:c4:00:00:03", channel: 1, rssi: -55, hidden: true },
    { ssid: "flaky", passphrase: "flakypass", bssid: "24:0a:c4:00:00:04", channel: 3, rssi: -60, failure: { reason: "auth-error", attempts: 2 } },
    { ssid: "broken", passphrase: "brokenpass", bssid: "24:0a:c4:00:00:05", channel: 3, rssi: -65, failure: { reason: "network-not-found" } },
  ],
});

/** WifiPort contract over a virtual environment; all timing via a manual clock. */
export function wifiContract(name: string, makeWifi: MakeWifi): void {
  describe(`WifiPort contract: ${name}`, () => {
    let clock: ManualClock;
    let wifi: VirtualWifi;
    let events: WifiEvent[];
    const record = (event: WifiEvent) => events.push(event);
    beforeEach(() => {
      clock = createManualClock();
      wifi = makeWifi(ContractEnvironment, clock);
      events = [];
    });

    it("scans visible networks strongest first after the scan delay", async () => {
      let result: Awaited<ReturnType<VirtualWifi["scan"]>> | undefined;
      void wifi.scan().then((r) => (result = r));
      clock.advance(1999);
      await Promise.resolve();
      assert.equal(result, undefined, "not before the scan delay");
      await assert.rejects(wifi.scan(), /already in progress/);
      clock.advance(1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(result!.map((n) => n.ssid), ["home", "flaky", "broken", "cafe"]);
      assert.deepEqual(Array.from(result![0]!.bssid), [0x24, 0x0a, 0xc4, 0, 0, 1]);
      assert.equal(result![0]!.auth, 3);
      assert.equal(result!.find((n) => n.ssid === "cafe")!.auth, 0);
    });

    it("connects: connecting, then connected with ip, bssid, channel and auth", () => {
      wifi.connect({ ssid: "home", passphrase: "correct horse" }, record);
      assert.deepEqual(events, [{ type: "connecting" }]);
      clock.advance(499);
      assert.deepEqual(events, [{ type: "connecting" }]);
      assert.equal(wifi.status().station, "connecting");
      clock.advance(500);
      assert.equal(events.length, 2);
      const connected = events[1] as Extract<WifiEvent, { type: "connected" }>;
      assert.equal(connected.type, "connected");
      assert.equal(connected.ip, "192.168.1.50");
      assert.equal(connected.ssid, "home");
      assert.equal(connected.channel, 6);
      assert.equal(connected.auth, 3);
      assert.deepEqual(Array.from(connected.bssid), [0x24, 0x0a, 0xc4, 0, 0, 1]);
      assert.deepEqual(wifi.status(), { station: "connected", attempts: 1, ssid: "home", ip: "192.168.1.50" });
    });

    it("joins open and hidden networks", () => {
      wifi.connect({ ssid: "cafe", passphrase: "" }, record);
      clock.advance(1000);
      assert.equal(events.at(-1)!.type, "connected");
      wifi.connect({ ssid: "hidden-lab", passphrase: "labpassword" }, record);
      clock.advance(1000);
      assert.equal(wifi.status().ssid, "hidden-lab");
    });

    it("a wrong passphrase fails every attempt with auth-error, counting down, then fails", () => {
      wifi.connect({ ssid: "home", passphrase: "wrong" }, record, 3);
      clock.advance(10_000);
      assert.deepEqual(events, [
        { type: "connecting" },
        { type: "attempt-failed", reason: "auth-error", attemptsRemaining: 2 },
        { type: "attempt-failed", reason: "auth-error", attemptsRemaining: 1 },
        { type: "failed", reason: "auth-error" },
      ]);
      assert.equal(wifi.status().station, "idle");
      assert.equal(wifi.status().attempts, 3);
    });

    it("an unknown ssid fails with network-not-found (default 5 attempts)", () => {
      wifi.connect({ ssid: "nowhere", passphrase: "whatever1" }, record);
      clock.advance(10_000);
      assert.equal(events.filter((e) => e.type === "attempt-failed").length, 4);
      assert.equal(wifi.status().attempts, 5);
      assert.deepEqual(events.at(-1), { type: "failed", reason: "network-not-found" });
    });

    it("honours failure modes: auth-error for the first N attempts, then success; permanent not-found", () => {
      wifi.connect({ ssid: "flaky", passphrase: "flakypass" }, record);
      clock.advance(10_000);
      assert.deepEqual(events.map((e) => e.type), ["connecting", "attempt-failed", "attempt-failed", "connected"]);
      events = [];
      wifi.connect({ ssid: "broken", passphrase: "brokenpass" }, record, 2);
      clock.advance(10_000);
      assert.deepEqual(events.at(-1), { type: "failed", reason: "network-not-found" });
    });

    it("a bssid that does not match is not found", () => {
      wifi.connect({ ssid: "home", passphrase: "correct horse", bssid: Uint8Array.from([1, 2, 3, 4, 5, 6]) }, record, 1);
      clock.advance(1000);
      assert.deepEqual(events.at(-1), { type: "failed", reason: "network-not-found" });
    });

    it("disconnect() stops events; a new connect replaces the old one", () => {
      const old: WifiEvent[] = [];
      wifi.connect({ ssid: "home", passphrase: "wrong" }, (e) => old.push(e));
      clock.advance(100);
      wifi.connect({ ssid: "home", passphrase: "correct horse" }, record);
      clock.advance(5000);
      assert.deepEqual(old, [{ type: "connecting" }]);
      assert.equal(events.at(-1)!.type, "connected");
      wifi.disconnect();
      assert.equal(wifi.dropConnection(), false);
      assert.equal(wifi.status().station, "idle");
      assert.equal(events.length, 2);
    });

    it("a dropped link reports disconnected, then retries and rejoins", () => {
      wifi.connect({ ssid: "home", passphrase: "correct horse" }, record);
      clock.advance(1000);
      events = [];
      assert.equal(wifi.dropConnection(), true);
      assert.deepEqual(events, [{ type: "disconnected" }, { type: "attempt-failed", reason: "network-not-found", attemptsRemaining: 4 }]);
      assert.equal(wifi.status().station, "connecting");
      clock.advance(1000);
      assert.equal(events.at(-1)!.type, "connected");
      assert.equal(wifi.status().station, "connected");
    });

    it("when the network leaves the environment the station drops, retries and finally fails", () => {
      wifi.connect({ ssid: "cafe", passphrase: "" }, record, 3);
      clock.advance(1000);
      events = [];
      wifi.setEnvironment({ networks: [] });
      clock.advance(10_000);
      assert.deepEqual(events, [
        { type: "disconnected" },
        { type: "attempt-failed", reason: "network-not-found", attemptsRemaining: 2 },
        { type: "attempt-failed", reason: "network-not-found", attemptsRemaining: 1 },
        { type: "failed", reason: "network-not-found" },
      ]);
    });

    it("rejects bad credentials with a clear error", () => {
      assert.throws(() => wifi.connect({ ssid: "", passphrase: "" }, record), /ssid/);
      assert.throws(() => wifi.connect({ ssid: "x".repeat(33), passphrase: "" }, record), /ssid/);
      assert.throws(() => wifi.connect({ ssid: "home", passphrase: "p".repeat(65) }, record), /passphrase/);
      assert.throws(() => wifi.connect({ ssid: "home", passphrase: "p" }, record, 0), /maxAttempts/);
    });

    it("opens and closes a soft AP, validating ssid, passphrase and channel", () => {
      wifi.startAccessPoint({ ssid: "PROV_1a2b3c" });
      assert.deepEqual(wifi.status().accessPoint, { ssid: "PROV_1a2b3c", channel: 1 });
      wifi.startAccessPoint({ ssid: "PROV_1a2b3c", passphrase: "abcd1234", channel: 6 });
      assert.deepEqual(wifi.status().accessPoint, { ssid: "PROV_1a2b3c", passphrase: "abcd1234", channel: 6 });
      assert.throws(() => wifi.startAccessPoint({ ssid: "PROV", passphrase: "short" }), /8\.\.63/);
      assert.throws(() => wifi.startAccessPoint({ ssid: "PROV", channel: 14 }), /channel/);
      wifi.stopAccessPoint();
      assert.equal(wifi.status().accessPoint, undefined);
    });
  });
}

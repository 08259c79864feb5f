import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { loadUserMapping, loadWifiCredentials } from "../../../firmware/core/provisioning/index";
import { DeviceClosedError } from "../../../firmware/protocol/protocomm/client/index";
import { createSoftApTransport } from "../../../scripts/prov-client/softap-http";
import type { ProvTransport } from "../../../firmware/protocol/protocomm/client/index";
import { createHostClientMath } from "../../../scripts/prov-client/client-math";
import { clientFor as portClientFor } from "../../core/provisioning/client-for";
import { DevicePop, startDevice, type E2eDevice } from "./device";

/** Our client with the host maths (node:crypto X25519) the CLI uses. */
const clientFor = (t: ProvTransport, sec: 0 | 1 | 2, pop: string, sleep: (ms: number) => Promise<void>) => portClientFor(t, sec, pop, sleep, createHostClientMath());

describe("e2e provisioning over loopback HTTP", function () {
  this.timeout(20_000);
  const devices: E2eDevice[] = [];
  const open = async (config: Parameters<typeof startDevice>[0] = {}) => {
    const d = await startDevice(config);
    devices.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });

  for (const sec of [0, 1, 2] as const) {
    it(`security ${sec}: proto-ver, session, scan, user mapping, config, status until connected; device stops`, async () => {
      const device = await open({ security: sec });
      const transport = createSoftApTransport({ host: device.host });
      const client = clientFor(transport, sec, DevicePop, (ms) => sleep(ms));
      const { info } = await client.protoVersion();
      assert.equal(info.securityVersion, sec);
      assert.match(transport.cookie() ?? "", /^session=\d+$/);
      await client.startSession();
      const networks = await client.scan({ pollMs: 20 });
      assert.deepEqual(networks.map((n) => n.ssid), ["MyHomeAP", "Office-WPA3"]);
      assert.equal(await client.setUserMapping("user-e2e", "secret-uuid"), "e2e-node-1");
      await client.setConfig("Office-WPA3", "c0rp-pass-2026");
      await client.applyConfig();
      const status = await client.waitForConnection({ pollMs: 20, maxPolls: 100 });
      assert.deepEqual(status, { state: "connected", ip: "172.16.4.9", ssid: "Office-WPA3", channel: 11, auth: 6 });
      assert.deepEqual(loadWifiCredentials(device.kv), { ssid: "Office-WPA3", passphrase: "c0rp-pass-2026" });
      assert.deepEqual(loadUserMapping(device.kv), { userId: "user-e2e", secretKey: "secret-uuid" });
      assert.deepEqual(await device.prov.done(), { result: "provisioned", ssid: "Office-WPA3" });
      await assert.rejects(client.getStatus(), /ECONNREFUSED|closed|socket/i, "the server is gone after the stop");
      await transport.close();
    });
  }

  it("wrong Wi-Fi passphrase: attempts remaining, AuthError, then ctrl reset and the right one", async () => {
    const device = await open({ security: 2, wifiAttempts: 2 });
    const transport = createSoftApTransport({ host: device.host });
    const client = clientFor(transport, 2, DevicePop, (ms) => sleep(ms));
    await client.startSession();
    await client.setConfig("MyHomeAP", "not-the-pass");
    await client.applyConfig();
    const polls: string[] = [];
    const failed = await client.waitForConnection({ pollMs: 10, maxPolls: 200, onPoll: (s) => polls.push(JSON.stringify(s)) });
    assert.deepEqual(failed, { state: "failed", reason: "auth-error" });
    assert.ok(polls.includes('{"state":"connecting","attemptsRemaining":1}'), polls.join(" "));
    await client.ctrlReset();
    await client.setConfig("MyHomeAP", "secret123");
    await client.applyConfig();
    assert.equal((await client.waitForConnection({ pollMs: 20, maxPolls: 100 })).state, "connected");
    await transport.close();
  });

  it("a second client during a session takes it over; the first one's requests are dropped", async () => {
    const device = await open({ security: 2 });
    const first = createSoftApTransport({ host: device.host });
    const a = clientFor(first, 2, DevicePop, (ms) => sleep(ms));
    await a.startSession();
    await a.getStatus();
    const second = createSoftApTransport({ host: device.host });
    const b = clientFor(second, 2, DevicePop, (ms) => sleep(ms));
    await b.protoVersion();
    assert.notEqual(second.cookie(), first.cookie());
    await b.startSession();
    await assert.rejects(a.getStatus(), DeviceClosedError);
    // [vectors README rule 1] that stray request replaced the session, so b must start a new one.
    await assert.rejects(b.getStatus(), DeviceClosedError);
    await b.startSession();
    assert.deepEqual(await b.getStatus(), { state: "disconnected" });
    await first.close();
    await second.close();
  });

  it("refuses an oversized body and a GET, then still provisions", async () => {
    const device = await open({ security: 1 });
    const big = await fetch(`http://${device.host}/prov-config`, { method: "POST", body: new Uint8Array(5000) });
    assert.equal(big.status, 413);
    const get = await fetch(`http://${device.host}/proto-ver`);
    assert.equal(get.status, 405);
    const transport = createSoftApTransport({ host: device.host });
    const client = clientFor(transport, 1, DevicePop, (ms) => sleep(ms));
    await client.startSession();
    await client.setConfig("MyHomeAP", "secret123");
    await client.applyConfig();
    assert.equal((await client.waitForConnection({ pollMs: 20, maxPolls: 100 })).state, "connected");
    await transport.close();
  });

  it("wrong PoP closes the connection and counts toward the back-off", async () => {
    const device = await open({ security: 2, throttle: { freeFailures: 1, baseDelayMs: 60_000 } });
    const bad = createSoftApTransport({ host: device.host });
    await assert.rejects(clientFor(bad, 2, "00000000", (ms) => sleep(ms)).startSession(), DeviceClosedError);
    const good = createSoftApTransport({ host: device.host });
    await assert.rejects(clientFor(good, 2, DevicePop, (ms) => sleep(ms)).startSession(), DeviceClosedError);
    assert.ok(device.log.find({ includes: "session refused: locked" }).length >= 1);
    await bad.close();
    await good.close();
  });
});

import assert from "node:assert/strict";
import { loadUserMapping, loadWifiCredentials, ProvisioningKv, requestReprovision } from "../../../firmware/core/provisioning/index";
import { DeviceClosedError, DeviceRefusedError } from "../../../firmware/protocol/protocomm/client/index";
import { clientFor } from "./client-for";
import { createRig, type Rig } from "./rig";

const POP = "28aabbcc"; // MAC 24:6f:28:aa:bb:cc, bytes 2..5 [spec 6.7]

function sleeper(rig: Rig): (ms: number) => Promise<void> {
  return async (ms) => {
    rig.clock.advance(ms);
    await rig.settle();
  };
}

async function provision(rig: Rig, sec: 0 | 1 | 2, ssid: string, passphrase: string) {
  const client = clientFor(rig.transport(), sec, POP, sleeper(rig));
  await client.protoVersion();
  await client.startSession();
  await client.setConfig(ssid, passphrase);
  await client.applyConfig();
  return { client, status: await client.waitForConnection({ pollMs: 500, maxPolls: 40 }) };
}

describe("provisioning state machine", () => {
  it("starts only when unprovisioned, logs name, PoP and QR payload, serves SoftAP", async () => {
    const rig = createRig();
    assert.equal(rig.prov.needed(), true);
    assert.equal(await rig.prov.start(), true);
    assert.equal(rig.prov.identity.serviceName, "PROV_aabbcc");
    assert.equal(rig.wifi.status().accessPoint?.ssid, "PROV_aabbcc");
    const qr = '{"ver":"v1","name":"PROV_aabbcc","username":"wifiprov","pop":"28aabbcc","transport":"softap"}';
    assert.equal(rig.prov.qrPayload, qr);
    assert.equal(rig.log.find({ tag: "prov", includes: `QR payload: ${qr}` }).length, 1);
    assert.equal(rig.log.find({ includes: "qrcode.html?data=" }).length, 1);
  });

  it("takes name and PoP from fctry random when present", async () => {
    const random = new Uint8Array(64).map((_, i) => i);
    const rig = createRig({ kv: { [ProvisioningKv.factoryNamespace]: { [ProvisioningKv.factoryRandom]: random } } });
    assert.equal(rig.prov.identity.serviceName, "PROV_3d3e3f");
    assert.equal(rig.prov.identity.pop, "00010203");
  });

  for (const sec of [0, 1, 2] as const) {
    it(`security ${sec}: stores credentials only once connected, then stops 30 s later`, async () => {
      const rig = createRig({ config: { security: sec } });
      await rig.prov.start();
      const client = clientFor(rig.transport(), sec, POP, sleeper(rig));
      assert.equal((await client.protoVersion()).info.securityVersion, sec);
      await client.startSession();
      await client.setConfig("MyHomeAP", "secret123");
      await client.applyConfig();
      assert.equal(loadWifiCredentials(rig.kv), undefined, "nothing stored before the station connected");
      assert.deepEqual(await client.getStatus(), { state: "connecting" });
      rig.clock.advance(999);
      assert.equal(loadWifiCredentials(rig.kv), undefined);
      rig.clock.advance(1);
      const status = await client.getStatus();
      assert.equal(status.state, "connected");
      assert.deepEqual(loadWifiCredentials(rig.kv), { ssid: "MyHomeAP", passphrase: "secret123" });
      assert.equal(rig.prov.phase(), "running");
      rig.clock.advance(29_999);
      await rig.settle();
      assert.equal(rig.prov.phase(), "running");
      rig.clock.advance(1);
      await rig.settle();
      assert.equal(rig.prov.phase(), "done");
      assert.deepEqual(await rig.prov.done(), { result: "provisioned", ssid: "MyHomeAP" });
      assert.equal(rig.http.listening(), false);
      assert.equal(rig.wifi.status().accessPoint, undefined);
      assert.equal(rig.wifi.status().station, "connected", "the station connection is kept");
      assert.equal(rig.prov.needed(), false);
      assert.equal(await rig.prov.start(), false, "does not start again once provisioned");
    });
  }

  it("wrong passphrase: attempts remaining, then AuthError; apply refused until ctrl reset; then succeeds", async () => {
    const rig = createRig({ config: { wifiAttempts: 2 } });
    await rig.prov.start();
    const client = clientFor(rig.transport(), 2, POP, sleeper(rig));
    await client.startSession();
    await client.setConfig("MyHomeAP", "wrong-pass");
    await client.applyConfig();
    const seen: string[] = [];
    const result = await client.waitForConnection({ pollMs: 500, maxPolls: 20, onPoll: (s) => seen.push(JSON.stringify(s)) });
    assert.deepEqual(result, { state: "failed", reason: "auth-error" });
    assert.ok(seen.includes('{"state":"connecting","attemptsRemaining":1}'), seen.join());
    assert.equal(loadWifiCredentials(rig.kv), undefined);
    await client.setConfig("MyHomeAP", "secret123");
    await assert.rejects(client.applyConfig(), (e: unknown) => e instanceof DeviceRefusedError && /InternalError/.test(e.message));
    await client.ctrlReset();
    await assert.rejects(client.ctrlReset(), /InternalError/, "reset only from the failed state");
    await client.setConfig("MyHomeAP", "secret123");
    await client.applyConfig();
    assert.equal((await client.waitForConnection({ pollMs: 500, maxPolls: 20 })).state, "connected");
    assert.equal(loadWifiCredentials(rig.kv)?.passphrase, "secret123");
  });

  it("unknown network reports NetworkNotFound", async () => {
    const rig = createRig({ config: { wifiAttempts: 1, security: 1 } });
    await rig.prov.start();
    const { status } = await provision(rig, 1, "Nowhere", "whatever1");
    assert.deepEqual(status, { state: "failed", reason: "network-not-found" });
  });

  it("scan lists the virtual networks through prov-scan", async () => {
    const rig = createRig();
    await rig.prov.start();
    const client = clientFor(rig.transport(), 2, POP, sleeper(rig));
    await client.startSession();
    const scanning = client.scan({ pollMs: 500 });
    for (let i = 0; i < 5; i++) await rig.settle();
    rig.clock.advance(2000); // the client's ScanStart is blocking: the reply waits for the radio
    const networks = await scanning;
    assert.deepEqual(
      networks.map((n) => [n.ssid, n.channel, n.rssi, n.auth]),
      [
        ["MyHomeAP", 6, -42, 3],
        ["Cafe Guest", 1, -67, 0],
      ],
    );
  });

  it("backs off after repeated wrong PoPs, refusing even the right one until the delay passed", async () => {
    const rig = createRig({ config: { throttle: { freeFailures: 2, baseDelayMs: 10_000 } } });
    await rig.prov.start();
    for (let i = 0; i < 2; i++) {
      const bad = clientFor(rig.transport(), 2, "00000000", sleeper(rig));
      await assert.rejects(bad.startSession(), DeviceClosedError);
    }
    assert.equal(rig.prov.throttle.failures(), 2);
    assert.equal(rig.prov.throttle.lockedForMs(), 10_000);
    assert.ok(rig.log.find({ level: "warn", includes: "refusing sessions for 10 s" }).length === 1);
    const good = clientFor(rig.transport(), 2, POP, sleeper(rig));
    await assert.rejects(good.startSession(), DeviceClosedError);
    assert.ok(rig.log.find({ includes: "session refused: locked" }).length >= 1);
    rig.clock.advance(10_000);
    const bad = clientFor(rig.transport(), 2, "00000000", sleeper(rig));
    await assert.rejects(bad.startSession(), DeviceClosedError);
    assert.equal(rig.prov.throttle.lockedForMs(), 20_000, "the delay doubles");
    rig.clock.advance(20_000);
    await clientFor(rig.transport(), 2, POP, sleeper(rig)).startSession();
    assert.equal(rig.prov.throttle.failures(), 0, "a good handshake clears the count");
  });

  it("security 1 wrong PoP counts as a failed handshake too", async () => {
    const rig = createRig({ config: { security: 1, throttle: { freeFailures: 1, baseDelayMs: 5000 } } });
    await rig.prov.start();
    await assert.rejects(clientFor(rig.transport(), 1, "deadbeef", sleeper(rig)).startSession(), DeviceClosedError);
    assert.equal(rig.prov.throttle.lockedForMs(), 5000);
  });

  it("stops when the provisioning window expires", async () => {
    const rig = createRig({ config: { windowMs: 60_000 } });
    await rig.prov.start();
    rig.clock.advance(59_999);
    assert.equal(rig.prov.phase(), "running");
    rig.clock.advance(1);
    await rig.settle();
    assert.deepEqual(await rig.prov.done(), { result: "stopped", reason: "window-expired" });
    assert.equal(rig.http.listening(), false);
    assert.ok(rig.log.find({ level: "warn", includes: "window of 60 s expired" }).length === 1);
  });

  it("re-provisions when asked even with stored credentials, and clears the request on success", async () => {
    const rig = createRig({ kv: { wifi_sta: { ssid: "Old", passphrase: "oldpass12" } } });
    assert.equal(rig.prov.needed(), false);
    requestReprovision(rig.kv);
    assert.equal(rig.prov.needed(), true);
    await rig.prov.start();
    const { status } = await provision(rig, 2, "Cafe Guest", "");
    assert.equal(status.state, "connected");
    assert.deepEqual(loadWifiCredentials(rig.kv), { ssid: "Cafe Guest", passphrase: "" });
    assert.equal(rig.prov.needed(), false);
  });

  it("prov-ctrl reprov after success cancels the stop and takes new credentials", async () => {
    const rig = createRig();
    await rig.prov.start();
    const { client } = await provision(rig, 2, "Cafe Guest", "");
    await client.ctrlReprovision();
    rig.clock.advance(5000);
    await rig.settle();
    assert.equal(rig.prov.phase(), "running");
    await client.setConfig("MyHomeAP", "secret123");
    await client.applyConfig();
    assert.equal((await client.waitForConnection({ pollMs: 500 })).state, "connected");
    assert.equal(loadWifiCredentials(rig.kv)?.ssid, "MyHomeAP");
  });

  it("caches the security 2 verifier in kv and derives it again when the PoP changes", async () => {
    const first = createRig();
    await first.prov.start();
    const kv = first.kv.snapshot();
    assert.equal((kv["prov"]?.["sec2_salt"] as Uint8Array).length, 16);
    const second = createRig({ kv });
    await second.prov.start();
    assert.equal(second.log.find({ includes: "verifier loaded from kv" }).length, 1);
    await clientFor(second.transport(), 2, POP, sleeper(second)).startSession();
    const custom = createRig({ kv, config: { pop: "custompop" } });
    await custom.prov.start();
    assert.equal(custom.log.find({ includes: "derived from the PoP" }).length, 1);
    await clientFor(custom.transport(), 2, "custompop", async () => undefined).startSession();
  });

  it("cloud_user_assoc stores user id and secret key and answers the node id", async () => {
    const rig = createRig();
    await rig.prov.start();
    const client = clientFor(rig.transport(), 2, POP, sleeper(rig));
    await client.startSession();
    assert.equal(await client.setUserMapping("user-42", "6b1f4c3e-secret"), "node-1");
    assert.deepEqual(loadUserMapping(rig.kv), { userId: "user-42", secretKey: "6b1f4c3e-secret" });
    await assert.rejects(client.setUserMapping("user-42", ""), /InvalidParam/);
  });

  it("ch_resp answers Disabled until a signer is set, then the signature and node id", async () => {
    const rig = createRig({ config: { userMapping: "ch_resp" } });
    await rig.prov.start();
    const client = clientFor(rig.transport(), 2, POP, sleeper(rig));
    assert.deepEqual((await client.protoVersion()).info.rmakerExtraCapabilities, ["ch_resp"]);
    await client.startSession();
    await assert.rejects(client.challengeResponse(Uint8Array.of(1, 2, 3)), /Disabled/);
    rig.prov.setChallengeSigner({ sign: (c) => Uint8Array.from(c, (b) => b ^ 0xff) });
    assert.deepEqual(await client.challengeResponse(Uint8Array.of(1, 2, 3)), { signature: Uint8Array.of(0xfe, 0xfd, 0xfc), nodeId: "node-1" });
    await client.disableChallengeResponse();
    await assert.rejects(client.challengeResponse(Uint8Array.of(1)), /Disabled/);
  });

  it("stop() closes the transport and the session", async () => {
    const rig = createRig();
    await rig.prov.start();
    await rig.prov.stop();
    assert.deepEqual(await rig.prov.done(), { result: "stopped", reason: "stopped" });
    assert.equal(rig.http.listening(), false);
  });
});

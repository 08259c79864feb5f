import assert from "node:assert/strict";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import type { MqttClient, MqttPort } from "../../../firmware/ports/mqtt";
import { waitMappingConfirmed } from "../../../host-sim/loop";
import { eventually, startLoop } from "./fixture";
import type { Loop } from "./fixture";

describe("e2e loop: simulated lightbulb <-> local cloud over loopback mTLS", function () {
  this.timeout(60_000);
  let loop: Loop;
  before(async () => {
    loop = await startLoop();
  });
  after(async () => {
    await loop?.close();
  });

  it("provisions, claims, connects, maps to the user, and applies a REST param write through the driver", async () => {
    const { device, mappingRequest } = await loop.newDevice("bulb-1");
    const nodeId = device.factory.mac;
    const agent = device.boot();
    await eventually("device online", () => agent.phase() === "online");
    assert.ok(mappingRequest);
    assert.equal(await waitMappingConfirmed(loop.endpoints.http, loop.token, mappingRequest!), true, "mapping confirmed by the node's user/mapping");

    const config = await import("../../../host-sim/loop").then((m) => m.rest(loop.endpoints.http, "GET", `/v1/user/nodes/config?nodeid=${nodeId}`, loop.token));
    assert.equal(config.status, 200);
    assert.equal(config.body.node_id, nodeId);
    assert.deepEqual(config.body.devices.map((d: { name: string }) => d.name), ["Light"]);
    assert.deepEqual(config.body.services.map((d: { name: string }) => d.name), ["Time", "System"]);
    await eventually("init params in the shadow", async () => (await loop.params(nodeId))?.Light?.Power === false);

    assert.equal(await loop.setParams(nodeId, { Light: { Power: true, Brightness: 60, Hue: 120, Saturation: 100 } }), 200);
    await eventually("green PWM written", () => device.pwmDuty(26) > 0);
    assert.equal(device.pwmDuty(25), 0, "no red at hue 120");
    assert.ok(loop.lines.some((l) => l.includes(`[${nodeId}]`) && /Light\.Power = true \(cloud\)/.test(l)), "driver write logged with the node id prefix");
    await eventually("echo reached the shadow", async () => {
      const p = await loop.params(nodeId);
      return p?.Light?.Brightness === 60 && p?.Light?.Power === true;
    });
    assert.ok(agent.sync()!.stats().echoes >= 1);
  });

  it("keeps credentials and persisted params across a reboot (no re-provision, no re-claim)", async () => {
    let claims = 0;
    const { device } = await loop.newDevice("bulb-2");
    const nodeId = device.factory.mac;
    const first = device.boot();
    await eventually("online", () => first.phase() === "online");
    const cert = loadCredentials(device.kv())!.certificate;
    assert.equal(await loop.setParams(nodeId, { Light: { Name: "Desk Lamp" } }), 200);
    await eventually("name applied", () => first.runtime.get("Light", "Name") === "Desk Lamp");
    device.onBoot((a) => a.onPhase((p) => p === "claiming" && claims++));
    const second = device.reboot();
    await eventually("online after reboot", () => second.phase() === "online");
    assert.equal(claims, 0);
    assert.deepEqual(loadCredentials(device.kv())!.certificate, cert);
    assert.equal(second.runtime.get("Light", "Name"), "Desk Lamp", "persisted Name restored");
  });

  it("works over a QoS-0-only client, like Moddable's legacy mqtt module", async () => {
    const { device } = await loop.newDevice("bulb-qos0", { mqttMaxQos: 0 });
    const nodeId = device.factory.mac;
    const agent = device.boot();
    await eventually("online", () => agent.phase() === "online");
    assert.equal(await loop.setParams(nodeId, { Light: { Power: true, Brightness: 20 } }), 200);
    await eventually("echo in the shadow", async () => (await loop.params(nodeId))?.Light?.Brightness === 20);
  });

  it("on a persistent session, gets the remote set the cloud sent while it was offline once it reconnects", async () => {
    let unreachable = false;
    let live: MqttClient | undefined;
    // while `unreachable`, connects fail as on a network without a route; the agent backs off and retries
    const gate = (port: MqttPort): MqttPort => ({
      maxQos: port.maxQos,
      connect(options, events) {
        if (!unreachable) return (live = port.connect(options, events));
        setTimeout(() => events.onClose({ type: "network", message: "network unreachable (test)" }), 0);
        const down = () => Promise.reject(new Error("MQTT client is not connected"));
        return { publish: down, subscribe: down, close: () => undefined };
      },
    });
    const { device } = await loop.newDevice("bulb-away", { wrapMqtt: gate });
    const nodeId = device.factory.mac;
    const agent = device.boot();
    await eventually("online", () => agent.phase() === "online");
    unreachable = true;
    live!.close();
    await eventually("offline", () => agent.phase() === "offline");
    assert.equal(await loop.setParams(nodeId, { Light: { Brightness: 61 } }), 200);
    assert.notEqual(agent.runtime.get("Light", "Brightness"), 61);
    unreachable = false;
    await eventually("back online", () => agent.phase() === "online", 15_000);
    await eventually("the queued set applied", () => agent.runtime.get("Light", "Brightness") === 61);
    await eventually("its echo in the shadow", async () => (await loop.params(nodeId))?.Light?.Brightness === 61);
    assert.equal(agent.sync()!.stats().initReports, 1, "the session was resumed: no second full report");
  });

  it("reconnects after a broker restart with backoff and republishes its state", async () => {
    const { device } = await loop.newDevice("bulb-3");
    const nodeId = device.factory.mac;
    const agent = device.boot();
    await eventually("online", () => agent.phase() === "online");
    await loop.restartCloud(500);
    await eventually("offline seen", () => agent.phase() !== "online", 5_000).catch(() => undefined);
    // changed while the cloud was away: only the full report after reconnecting can carry it
    agent.runtime.set("Light", "Brightness", 33, "local");
    await eventually("back online", () => agent.phase() === "online", 20_000);
    await eventually("republished state in the shadow", async () => (await loop.params(nodeId))?.Light?.Brightness === 33);
    const retries = loop.lines.filter((l) => l.includes(nodeId) && /retry \d+ in \d+ ms/.test(l));
    assert.ok(retries.length >= 1, "reconnect went through the backoff");
    for (const l of retries) assert.ok(Number(/in (\d+) ms/.exec(l)![1]) <= 2000, `capped: ${l}`);
  });
});

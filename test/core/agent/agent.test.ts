import assert from "node:assert/strict";
import fc from "fast-check";
import { startAgent } from "../../../firmware/core/agent/agent";
import { AgentKv } from "../../../firmware/core/agent/agent-kv";
import { loadUserMapping, loadWifiCredentials, storeUserMapping } from "../../../firmware/core/provisioning/kv-state";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { PARAM_NAMESPACE } from "../../../firmware/core/runtime/param-store";
import type { BrokerMessage } from "../../../host-sim/fakes/mqtt";
import { bytes, createRig, fakeCredentials, lightApp, NODE_ID, text } from "./rig";

const AgentOptions = Object.freeze({ backoff: { initialMs: 1000, maxMs: 8000 }, systemDelayMs: 100, debounceMs: 50 });

function topicsOf(messages: BrokerMessage[]): string[] {
  return messages.filter((m) => m.clientId === NODE_ID).map((m) => m.topic);
}

async function online(rig: ReturnType<typeof createRig>, extra: Parameters<typeof startAgent>[2] = {}) {
  const agent = startAgent(rig.platform, lightApp(), { ...AgentOptions, ...extra });
  const up = agent.whenPhase("online");
  await rig.settle(200);
  await up;
  return agent;
}

describe("agent start-up and params sync [spec 3.3]", () => {
  it("publishes config, then subscribes params/remote and publishes the full report, all QoS 1 on basic-ingest topics", async () => {
    const rig = createRig();
    const agent = await online(rig);
    const mine = rig.broker.published().filter((m) => m.clientId === NODE_ID);
    assert.deepEqual(mine.map((m) => m.topic), [
      `$aws/rules/esp_node_config/node/${NODE_ID}/config`,
      `$aws/rules/esp_init_params/node/${NODE_ID}/params/local/init`,
    ]);
    assert.ok(mine.every((m) => m.qos === 1 && !m.retain));
    const config = JSON.parse(text(mine[0]!.payload));
    assert.equal(config.node_id, NODE_ID);
    assert.deepEqual(config.devices.map((d: { name: string }) => d.name), ["Light", "Switch"]);
    assert.deepEqual(JSON.parse(text(mine[1]!.payload)).Switch, { Name: "Switch", Power: false });
    assert.deepEqual(rig.broker.clients()[0]!.subscriptions, [{ filter: `node/${NODE_ID}/params/remote`, qos: 1 }]);
    agent.stop();
  });

  it("applies a remote set through the driver and echoes it on params/local", async () => {
    const rig = createRig();
    const agent = await online(rig);
    await rig.broker.inject(`node/${NODE_ID}/params/remote`, bytes('{"Switch":{"Power":true},"Light":{"Power":true,"Brightness":40}}'));
    await rig.settle(10);
    assert.equal(rig.io.pin(4).output, 1, "relay driven");
    assert.ok(rig.io.pwmChannel(25).duty > 0, "light PWM written");
    const echoes = rig.broker.published().filter((m) => m.topic.endsWith("/params/local") && m.clientId === NODE_ID).map((m) => text(m.payload));
    assert.deepEqual(echoes.sort(), ['{"Light":{"Power":true,"Brightness":40}}', '{"Switch":{"Power":true}}']);
    assert.deepEqual(agent.sync()!.stats().remoteSets, 1);
    agent.stop();
  });

  it("survives malformed and hostile remote sets: nothing applied, nothing echoed, still online", async () => {
    const rig = createRig();
    const agent = await online(rig);
    const before = JSON.stringify(agent.runtime.fullReport());
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.constantFrom('{"Switch":{"Power":"yes"}}', '{"Light":{"Brightness":1e9}}', '{"__proto__":{"x":1}}', "{", "\u0000")), async (payload) => {
        await rig.broker.inject(`node/${NODE_ID}/params/remote`, bytes(payload));
        await rig.settle();
      }),
      { numRuns: 60 },
    );
    const after = agent.runtime.fullReport();
    // random JSON may legitimately name a real param with a valid value; only check the hostile ones did not land
    assert.equal(after.Switch!.Power === "yes", false);
    assert.ok(typeof after.Light!.Brightness === "number" && (after.Light!.Brightness as number) <= 100);
    assert.equal(agent.phase(), "online");
    assert.ok(before.length > 0);
    agent.stop();
  });

  it("reports driver-side changes as deltas on params/local (QoS 1)", async () => {
    const rig = createRig();
    const agent = await online(rig);
    agent.runtime.set("Switch", "Power", true, "local");
    await rig.settle(100);
    const deltas = rig.broker.published().filter((m) => m.topic === `$aws/rules/esp_set_params/node/${NODE_ID}/params/local`);
    assert.deepEqual(deltas.map((m) => [text(m.payload), m.qos]), [['{"Switch":{"Power":true}}', 1]]);
    agent.stop();
  });

  it("after a reconnect to a broker that lost the session re-subscribes and republishes the full report, but not the config", async () => {
    const rig = createRig();
    const agent = await online(rig);
    rig.broker.restart();
    await rig.settle();
    agent.runtime.set("Switch", "Power", true, "local"); // changed while offline
    await rig.settle(1500);
    assert.equal(agent.phase(), "online");
    const topics = topicsOf(rig.broker.published());
    assert.equal(topics.filter((t) => t.endsWith("/config")).length, 1);
    const inits = rig.broker.published().filter((m) => m.topic.endsWith("/params/local/init"));
    assert.equal(inits.length, 2);
    assert.equal(JSON.parse(text(inits[1]!.payload)).Switch.Power, true);
    assert.equal(rig.broker.clients()[0]!.subscriptions.length, 1);
    agent.stop();
  });

  it("publishes the stored user mapping before the init report and clears the secret at PUBACK [spec 5.1]", async () => {
    const rig = createRig();
    storeUserMapping(rig.kv, { userId: "user-1", secretKey: "s-1" });
    const agent = await online(rig);
    const topics = topicsOf(rig.broker.published());
    assert.deepEqual(topics.map((t) => t.split("/").slice(-2).join("/")), [`${NODE_ID}/config`, "user/mapping", "local/init"]);
    const mapping = rig.broker.published().find((m) => m.topic.endsWith("/user/mapping"))!;
    assert.deepEqual(JSON.parse(text(mapping.payload)), { node_id: NODE_ID, user_id: "user-1", secret_key: "s-1" });
    assert.equal(loadUserMapping(rig.kv), undefined);
    agent.stop();
  });

  it("retries the user mapping on the next connection when the link drops before PUBACK", async () => {
    const rig = createRig();
    storeUserMapping(rig.kv, { userId: "user-1", secretKey: "s-1" });
    let dropped = false;
    rig.broker.observe(`$aws/rules/esp_user_node_mapping/node/+/user/mapping`, () => {
      if (dropped) return;
      dropped = true;
      rig.broker.drop(NODE_ID); // before the (deferred) PUBACK
    });
    const agent = startAgent(rig.platform, lightApp(), AgentOptions);
    await rig.settle(2000);
    assert.equal(agent.phase(), "online");
    assert.equal(rig.broker.published().filter((m) => m.topic.endsWith("/user/mapping")).length, 2);
    assert.equal(loadUserMapping(rig.kv), undefined);
    agent.stop();
  });
  it("drops and restarts the link when a start-up PUBACK never comes, instead of hanging", async () => {
    const rig = createRig();
    storeUserMapping(rig.kv, { userId: "user-1", secretKey: "s-1" });
    const port = rig.platform.mqtt;
    let swallowed = 0;
    const deaf = {
      maxQos: port.maxQos,
      connect(o: Parameters<typeof port.connect>[0], e: Parameters<typeof port.connect>[1]) {
        const c = port.connect(o, e);
        return {
          ...c,
          close: () => c.close(),
          subscribe: (f: string, q?: 0 | 1) => c.subscribe(f, q),
          publish(topic: string, payload: Uint8Array, opts?: { qos?: 0 | 1 }) {
            if (topic.endsWith("/user/mapping") && swallowed++ === 0) return new Promise<void>(() => undefined);
            return c.publish(topic, payload, opts);
          },
        };
      },
    };
    const agent = startAgent({ ...rig.platform, mqtt: deaf }, lightApp(), { ...AgentOptions, ackTimeoutMs: 5000 });
    await rig.settle(4000);
    assert.notEqual(agent.phase(), "online");
    await rig.settle(4000);
    assert.equal(agent.phase(), "online");
    assert.equal(swallowed, 2);
    assert.ok(rig.log.lines().some((l) => /user\/mapping not acknowledged within 5000 ms/.test(l)), rig.log.lines().join("\n"));
    assert.equal(loadUserMapping(rig.kv), undefined);
    agent.stop();
  });
});

describe("agent sequencing and System service [spec 9.7]", () => {
  it("waits in provisioning without Wi-Fi credentials, and runs the provisioning hook when given", async () => {
    const rig = createRig({ provisioned: false });
    const idle = startAgent(rig.platform, lightApp(), AgentOptions);
    await rig.settle(100);
    assert.equal(idle.phase(), "provisioning");
    idle.stop();
    let calls = 0;
    const agent = startAgent(rig.platform, lightApp(), {
      ...AgentOptions,
      hooks: {
        async provision(p) {
          calls++;
          p.kv.set("wifi_sta", "ssid", "home");
          p.kv.set("wifi_sta", "passphrase", "correct-horse");
        },
      },
    });
    await rig.settle(300);
    assert.equal(calls, 1);
    assert.equal(agent.phase(), "online");
    agent.stop();
  });

  it("provisions again when re-provisioning was requested, even with stored credentials", async () => {
    const rig = createRig();
    rig.kv.set("prov", "reprov", true);
    let calls = 0;
    const agent = startAgent(rig.platform, lightApp(), {
      ...AgentOptions,
      hooks: {
        async provision(p) {
          calls++;
          p.kv.delete("prov", "reprov");
        },
      },
    });
    await rig.settle(300);
    assert.equal(calls, 1);
    assert.equal(agent.phase(), "online");
    agent.stop();
  });

  it("claims through the hook when no credentials are stored and keeps them", async () => {
    const rig = createRig({ claimed: false });
    const agent = startAgent(rig.platform, lightApp(), { ...AgentOptions, hooks: { claim: async () => fakeCredentials() } });
    await rig.settle(300);
    assert.equal(agent.phase(), "online");
    assert.equal(loadCredentials(rig.kv)?.nodeId, NODE_ID);
    agent.stop();
    const bare = createRig({ claimed: false });
    const noHook = startAgent(bare.platform, lightApp(), AgentOptions);
    await bare.settle(300);
    assert.equal(noHook.phase(), "unclaimed");
    assert.equal(bare.broker.clients().length, 0);
    noHook.stop();
  });

  it("goes to refused, not a retry loop, when the broker refuses the certificate", async () => {
    const rig = createRig();
    const port = rig.platform.mqtt;
    const refusing = { maxQos: port.maxQos, connect: (o: Parameters<typeof port.connect>[0], e: Parameters<typeof port.connect>[1]) => (rig.broker.refuseNextConnect(5), port.connect(o, e)) };
    const agent = startAgent({ ...rig.platform, mqtt: refusing }, lightApp(), AgentOptions);
    await rig.settle(60_000);
    assert.equal(agent.phase(), "refused");
    assert.equal(rig.log.lines().filter((l) => /CONNACK refused/.test(l)).length, 3);
    agent.stop();
  });

  it("Reboot is echoed true and restarts the device", async () => {
    const rig = createRig();
    const agent = await online(rig);
    await rig.broker.inject(`node/${NODE_ID}/params/remote`, bytes('{"System":{"Reboot":true}}'));
    await rig.settle(200);
    assert.ok(rig.broker.published().some((m) => text(m.payload) === '{"System":{"Reboot":true}}'));
    assert.deepEqual(rig.system.restarts(), ["software"]);
    agent.stop();
  });

  it("Factory-Reset erases Wi-Fi, mapping and params but keeps node credentials, and owes the reset report", async () => {
    const rig = createRig();
    storeUserMapping(rig.kv, { userId: "u", secretKey: "k" });
    rig.kv.set("user_map", "secret_key", "k2");
    const agent = await online(rig);
    await rig.broker.inject(`node/${NODE_ID}/params/remote`, bytes('{"Switch":{"Name":"Kettle"},"System":{"Factory-Reset":true}}'));
    await rig.settle(200);
    assert.ok(rig.kv.keys(PARAM_NAMESPACE).length === 0, "persisted params erased");
    assert.equal(loadWifiCredentials(rig.kv), undefined);
    assert.equal(rig.kv.keys("user_map").length, 0);
    assert.equal(loadCredentials(rig.kv)?.nodeId, NODE_ID);
    assert.equal(rig.kv.get(AgentKv.namespace, AgentKv.resetReport), true);
    assert.deepEqual(rig.system.restarts(), ["software"]);
    agent.stop();
    // next boot (provisioned again) sends the reset report once
    rig.kv.set("wifi_sta", "ssid", "home");
    rig.kv.set("wifi_sta", "passphrase", "correct-horse");
    const again = startAgent(rig.platform, lightApp(), AgentOptions);
    await rig.settle(300);
    const reports = rig.broker.published().filter((m) => m.topic.endsWith("/user/mapping")).map((m) => JSON.parse(text(m.payload)));
    assert.deepEqual(reports.at(-1), { node_id: NODE_ID, user_id: "esp-rmaker", secret_key: "failed", reset: true });
    assert.equal(rig.kv.get(AgentKv.namespace, AgentKv.resetReport), undefined);
    again.stop();
  });

  it("Wi-Fi-Reset forgets the network only", async () => {
    const rig = createRig();
    const agent = await online(rig);
    await rig.broker.inject(`node/${NODE_ID}/params/remote`, bytes('{"System":{"Wi-Fi-Reset":true}}'));
    await rig.settle(200);
    assert.equal(loadWifiCredentials(rig.kv), undefined);
    assert.equal(loadCredentials(rig.kv)?.nodeId, NODE_ID);
    assert.deepEqual(rig.system.restarts(), ["software"]);
    agent.stop();
  });
});

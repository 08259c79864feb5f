import assert from "node:assert/strict";
import fc from "fast-check";
import { startAgent } from "../../../firmware/core/agent/agent";
import type { AgentConfig } from "../../../firmware/core/agent/agent";
import type { MqttPort } from "../../../firmware/ports/mqtt";
import type { FakeBroker } from "../../../host-sim/fakes/mqtt";
import { createMemoryOta } from "../../../host-sim/fakes/ota";
import { bytes, createRig, lightApp, NODE_ID, text } from "./rig";

const PUBLIC_KEY = Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i));
const AgentOptions: AgentConfig = Object.freeze({ backoff: { initialMs: 1000, maxMs: 8000 }, systemDelayMs: 100, debounceMs: 50 });
const Topic = Object.freeze({
  remote: `node/${NODE_ID}/params/remote`,
  otaUrl: `node/${NODE_ID}/otaurl`,
  local: `$aws/rules/esp_set_params/node/${NODE_ID}/params/local`,
  init: `$aws/rules/esp_init_params/node/${NODE_ID}/params/local/init`,
});

/** The rig's MQTT port, recording the filters of every SUBSCRIBE and every CONNECT's clean-session flag. */
function counting(port: MqttPort) {
  const subscribes: string[][] = [];
  const cleanSessions: boolean[] = [];
  const wrapped: MqttPort = {
    maxQos: port.maxQos,
    connect(options, events) {
      cleanSessions.push(options.cleanSession ?? true);
      const client = port.connect(options, events);
      return {
        publish: (topic, payload, o) => client.publish(topic, payload, o),
        subscribe(filter, qos) {
          subscribes.push(typeof filter === "string" ? [filter] : [...filter]);
          return client.subscribe(filter, qos);
        },
        close: () => client.close(),
      };
    },
  };
  return { port: wrapped, subscribes, cleanSessions };
}

async function start(options: { maxQos?: 0 | 1; config?: AgentConfig; broker?: FakeBroker } = {}) {
  const rig = createRig(options.broker ? { broker: options.broker } : {});
  const mqtt = counting(rig.broker.port({ maxQos: options.maxQos ?? 1 }));
  const agent = startAgent({ ...rig.platform, mqtt: mqtt.port, ota: createMemoryOta() }, lightApp(), { ...AgentOptions, ...options.config });
  await rig.settle(200);
  assert.equal(agent.phase(), "online");
  const published = (topic: string) => rig.broker.published().filter((m) => m.clientId === NODE_ID && m.topic === topic).map((m) => text(m.payload));
  /** Cut the link and let the agent reconnect (backoff at most 1 s here). */
  const reconnect = async (between?: () => Promise<void> | void) => {
    rig.broker.drop(NODE_ID);
    await rig.settle();
    assert.notEqual(agent.phase(), "online");
    await between?.();
    await rig.settle(1500);
    assert.equal(agent.phase(), "online");
  };
  return { rig, agent, mqtt, published, reconnect };
}

describe("agent on a persistent MQTT session [MQTT 3.1.1 3.1.2.4]", () => {
  it("connects with clean session 0 and, on a resumed session, neither subscribes again nor republishes anything unchanged", async () => {
    const { agent, mqtt, published, reconnect, rig } = await start({ config: { ota: { publicKey: PUBLIC_KEY, fetchDelayMs: 5000 } } });
    await rig.settle(5000);
    assert.deepEqual(mqtt.subscribes, [[Topic.remote, Topic.otaUrl]], "one SUBSCRIBE carries both filters");
    await reconnect();
    await rig.settle(5000);
    assert.deepEqual(mqtt.cleanSessions, [false, false]);
    assert.deepEqual(mqtt.subscribes, [[Topic.remote, Topic.otaUrl]], "the session kept both subscriptions");
    assert.equal(published(Topic.init).length, 1, "the full report only on the first connection");
    assert.deepEqual(published(Topic.local), [], "nothing was owed");
    // [spec 3.3 step 5] otafetch stays once per boot
    assert.equal(rig.broker.published().filter((m) => m.topic.endsWith("/otafetch")).length, 1);
    assert.equal(agent.sync()!.stats().catchUpReports, 0);
    assert.ok(rig.log.lines().some((l) => /session resumed/.test(l)), rig.log.lines().join("\n"));
    agent.stop();
  });

  it("reports a param changed while offline as one delta of just that param", async () => {
    const { agent, published, reconnect } = await start();
    await reconnect(() => {
      agent.runtime.set("Switch", "Power", true, "local");
      agent.runtime.set("Light", "Brightness", 30, "local");
    });
    assert.equal(published(Topic.init).length, 1);
    assert.deepEqual(published(Topic.local).map((t) => JSON.parse(t)), [{ Light: { Brightness: 30 }, Switch: { Power: true } }]);
    assert.equal(agent.sync()!.stats().catchUpReports, 1);
    agent.stop();
  });

  it("reports again a delta whose PUBACK was lost with the link", async () => {
    const { agent, rig, published } = await start();
    let cut = false;
    rig.broker.observe(Topic.local, () => {
      if (cut) return;
      cut = true;
      rig.broker.drop(NODE_ID); // after the broker got it, before the (deferred) PUBACK
    });
    agent.runtime.set("Switch", "Power", true, "local");
    await rig.settle(1600);
    assert.equal(agent.phase(), "online");
    assert.deepEqual(published(Topic.local), ['{"Switch":{"Power":true}}', '{"Switch":{"Power":true}}']);
    assert.equal(published(Topic.init).length, 1);
    agent.stop();
  });

  it("applies and echoes a remote set the cloud sent while the node was offline", async () => {
    const { agent, rig, published, reconnect } = await start();
    await reconnect(async () => {
      assert.equal(await rig.broker.inject(Topic.remote, bytes('{"Switch":{"Power":true}}'), { qos: 1 }), 0, "nobody connected");
    });
    assert.equal(rig.io.pin(4).output, 1, "relay driven by the queued set");
    assert.deepEqual(published(Topic.local), ['{"Switch":{"Power":true}}'], "the echo, once");
    assert.equal(agent.sync()!.stats().remoteSets, 1);
    agent.stop();
  });

  it("after a broker restart (session lost) subscribes again and sends the full report", async () => {
    const { agent, rig, mqtt, published } = await start();
    rig.broker.restart();
    await rig.settle();
    agent.runtime.set("Switch", "Power", true, "local");
    await rig.settle(1500);
    assert.equal(agent.phase(), "online");
    assert.deepEqual(mqtt.subscribes, [[Topic.remote], [Topic.remote]]);
    assert.equal(published(Topic.init).length, 2);
    assert.equal(JSON.parse(published(Topic.init)[1]!).Switch.Power, true);
    agent.stop();
  });

  it("after a reboot on a kept session subscribes again and sends the full report", async () => {
    const first = await start();
    first.agent.stop();
    const second = await start({ broker: first.rig.broker });
    assert.deepEqual(second.mqtt.subscribes, [[Topic.remote]]);
    assert.equal(second.published(Topic.init).length, 2, "one per boot");
    second.agent.stop();
  });

  it("keeps today's clean session on a QoS-0-only port (Moddable's legacy mqtt) and with persistentSession false", async () => {
    for (const options of [{ maxQos: 0 as const }, { config: { persistentSession: false } }]) {
      const { agent, mqtt, published, reconnect } = await start(options);
      await reconnect();
      assert.deepEqual(mqtt.cleanSessions, [true, true]);
      assert.deepEqual(mqtt.subscribes, [[Topic.remote], [Topic.remote]]);
      assert.equal(published(Topic.init).length, 2);
      agent.stop();
    }
  });

  it("property: after any mix of changes, drops and restarts, the cloud's view equals the device", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant("set" as const), power: fc.boolean(), brightness: fc.integer({ min: 0, max: 100 }) }),
            fc.record({ kind: fc.constantFrom("drop" as const, "restart" as const, "wait" as const) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        async (steps) => {
          const { agent, rig } = await start();
          for (const step of steps) {
            if (step.kind === "set") {
              agent.runtime.set("Switch", "Power", step.power, "local");
              agent.runtime.set("Light", "Brightness", step.brightness, "local");
            } else if (step.kind === "drop") rig.broker.drop(NODE_ID);
            else if (step.kind === "restart") rig.broker.restart();
            await rig.settle(step.kind === "wait" ? 1500 : 30);
          }
          await rig.settle(1500);
          assert.equal(agent.phase(), "online");
          // the shadow as a cloud builds it: the last full report, then every delta over it
          const shadow: Record<string, Record<string, unknown>> = {};
          for (const m of rig.broker.published()) {
            if (m.clientId !== NODE_ID) continue;
            if (m.topic === Topic.init) for (const k of Object.keys(shadow)) delete shadow[k];
            if (m.topic !== Topic.init && m.topic !== Topic.local) continue;
            const doc = JSON.parse(text(m.payload)) as Record<string, Record<string, unknown>>;
            for (const device of Object.keys(doc)) Object.assign((shadow[device] ??= {}), doc[device]);
          }
          const device = agent.runtime.fullReport();
          assert.equal(shadow.Switch!.Power, device.Switch!.Power);
          assert.equal(shadow.Light!.Brightness, device.Light!.Brightness);
          agent.stop();
        },
      ),
      { numRuns: 25 },
    );
  });
});

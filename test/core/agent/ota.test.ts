import assert from "node:assert/strict";
import fc from "fast-check";
import { startAgent } from "../../../firmware/core/agent/agent";
import { node } from "../../../firmware/core/index";
import relay from "../../../firmware/drivers/relay/relay";
import type { AgentConfig } from "../../../firmware/core/agent/agent";
import { loadOtaJob, saveOtaJob } from "../../../firmware/core/ota/ota-store";
import type { Platform } from "../../../firmware/ports/index";
import type { MqttPort } from "../../../firmware/ports/mqtt";
import { createMemoryOta, createMemoryOtaFlash } from "../../../host-sim/fakes/ota";
import type { MemoryOtaFlash } from "../../../host-sim/fakes/ota";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { bytes, createRig, lightApp, NODE_ID, text } from "./rig";

const PUBLIC_KEY = Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i));
const OtaOptions: AgentConfig = Object.freeze({
  backoff: { initialMs: 1000, maxMs: 8000 },
  ota: { publicKey: PUBLIC_KEY, fetchDelayMs: 5000, validationWindowMs: 90_000 },
});

/** A rig whose OTA flash and firmware identity are chosen by the test. */
function otaRig(version: string, flash: MemoryOtaFlash = createMemoryOtaFlash()) {
  const rig = createRig();
  const system = createFakeSystem({ mac: rig.platform.system.mac(), firmware: { projectName: "lamp", version } });
  const platform: Platform = { ...rig.platform, system, ota: createMemoryOta({ flash }) };
  return { ...rig, system, platform, flash };
}

/** Writes an image into the inactive slot and restarts into it: the next boot runs it on trial. */
async function trialFlash(): Promise<MemoryOtaFlash> {
  const flash = createMemoryOtaFlash();
  const ota = createMemoryOta({ flash });
  const writer = await ota.begin(4);
  await writer.write(Uint8Array.from([1, 2, 3, 4]));
  await writer.complete();
  return flash; // the next createMemoryOta on this flash is the boot into the new slot
}

const mine = (rig: ReturnType<typeof createRig>, suffix: string) =>
  rig.broker.published().filter((m) => m.clientId === NODE_ID && m.topic.endsWith(`/${suffix}`));

describe("agent OTA wiring [spec 3.3 step 5, 7]", () => {
  it("subscribes otaurl once STARTED, held after a reconnect, and sends otafetch 5 s later on its basic-ingest topic", async () => {
    const rig = otaRig("1.0.0");
    const agent = startAgent(rig.platform, lightApp(), OtaOptions);
    await rig.settle(200);
    assert.equal(agent.phase(), "online");
    assert.deepEqual(rig.broker.clients()[0]!.subscriptions.map((s) => s.filter), [`node/${NODE_ID}/params/remote`, `node/${NODE_ID}/otaurl`]);
    assert.equal(mine(rig, "otafetch").length, 0, "not before the fetch delay");
    await rig.settle(5000);
    const fetches = mine(rig, "otafetch");
    assert.deepEqual(fetches.map((m) => m.topic), [`$aws/rules/esp_node_otafetch/node/${NODE_ID}/otafetch`]);
    assert.deepEqual(JSON.parse(text(fetches[0]!.payload)), { node_id: NODE_ID, fw_version: "1.0.0" });
    const config = JSON.parse(text(mine(rig, "config")[0]!.payload));
    assert.equal(config.info.fw_version, "1.0.0", "node config shows the running firmware");
    assert.equal(config.info.project_name, "lamp");

    rig.broker.drop(NODE_ID);
    await rig.settle(3000);
    assert.equal(agent.phase(), "online");
    assert.deepEqual(rig.broker.clients()[0]!.subscriptions.map((s) => s.filter), [`node/${NODE_ID}/params/remote`, `node/${NODE_ID}/otaurl`]);
    agent.stop();
  });

  it("hands otaurl payloads to the OTA module: a lapsed job is rejected on otastatus, a malformed one dropped", async () => {
    const rig = otaRig("1.0.0");
    const agent = startAgent(rig.platform, lightApp(), OtaOptions);
    await rig.settle(200);
    const lapsed = { ota_job_id: "JOB1", url: "http://127.0.0.1:1/x", file_size: 10, fw_version: "2.0.0", metadata: { validity: { start: 1, end: 2 } } };
    await rig.broker.inject(`node/${NODE_ID}/otaurl`, bytes(JSON.stringify(lapsed)));
    await rig.broker.inject(`node/${NODE_ID}/otaurl`, bytes("{not json"));
    await rig.settle(50);
    const statuses = mine(rig, "otastatus").map((m) => JSON.parse(text(m.payload)));
    assert.deepEqual(statuses.map((s) => [s.ota_job_id, s.status, s.additional_info]), [["JOB1", "rejected", "OTA download window lapsed."]]);
    assert.equal(mine(rig, "otastatus")[0]!.topic, `$aws/rules/esp_node_otastatus/node/${NODE_ID}/otastatus`);
    assert.equal(rig.log.find({ tag: "ota", includes: "otaurl dropped" }).length, 1);
    assert.equal(agent.sync()!.stats().remoteSets, 0, "otaurl never reaches params sync");
    assert.equal(agent.phase(), "online");
    agent.stop();
  });

  it("a trial image is marked valid at the first CONNACK and reports success", async () => {
    const rig = otaRig("2.0.0", await trialFlash());
    saveOtaJob(rig.kv, { jobId: "JOB2", phase: "reboot", version: "2.0.0" });
    const agent = startAgent(rig.platform, lightApp(), OtaOptions);
    assert.equal(agent.ota(), undefined, "created once the node id is known");
    await rig.settle(200);
    assert.equal(agent.ota()!.state(), "idle");
    const statuses = mine(rig, "otastatus").map((m) => JSON.parse(text(m.payload)));
    assert.deepEqual(statuses.map((s) => [s.ota_job_id, s.status]), [["JOB2", "success"]]);
    assert.equal(loadOtaJob(rig.kv), undefined);
    assert.equal(rig.platform.ota.boot().pendingValidation, false);
    await rig.settle(100_000);
    assert.deepEqual(rig.system.restarts(), [], "no rollback after validation");
    agent.stop();
  });

  it("a trial image that never reaches the broker rolls back when the validation window ends", async () => {
    const rig = otaRig("2.0.0", await trialFlash());
    saveOtaJob(rig.kv, { jobId: "JOB3", phase: "reboot", version: "2.0.0" });
    const broker = rig.platform.mqtt;
    // the new image's broker says "not authorized" to every CONNECT
    const mqtt: MqttPort = { ...broker, connect(options, events) {
      const client = broker.connect(options, { ...events, onConnect: () => client.close() });
      Promise.resolve().then(() => events.onClose({ type: "refused", returnCode: 5 }));
      return client;
    } };
    const agent = startAgent({ ...rig.platform, mqtt }, lightApp(), { ...OtaOptions, maxRefusals: 3 });
    await rig.settle(30_000);
    assert.equal(agent.phase(), "refused");
    assert.deepEqual(rig.system.restarts(), []);
    await rig.settle(61_000);
    assert.deepEqual(rig.system.restarts(), ["rollback"]);
    assert.equal(mine(rig, "otastatus").length, 0);
    agent.stop();
  });

  it("without an OTA config: no otaurl subscription, no otafetch", async () => {
    const rig = otaRig("1.0.0");
    const agent = startAgent(rig.platform, lightApp(), { backoff: OtaOptions.backoff });
    await rig.settle(6000);
    assert.equal(agent.ota(), undefined);
    assert.deepEqual(rig.broker.clients()[0]!.subscriptions.map((s) => s.filter), [`node/${NODE_ID}/params/remote`]);
    assert.equal(mine(rig, "otafetch").length, 0);
    agent.stop();
  });

  it("a bad OTA setting is logged and the node runs without updates", async () => {
    const rig = otaRig("1.0.0");
    const agent = startAgent(rig.platform, lightApp(), { ...OtaOptions, ota: { publicKey: new Uint8Array(33) } });
    await rig.settle(6000);
    assert.equal(agent.phase(), "online");
    assert.equal(agent.ota(), undefined);
    assert.match(rig.log.find({ level: "error", tag: "ota" })[0]!.message, /OTA disabled: OTA public key must be a 65-byte/);
    assert.equal(mine(rig, "otafetch").length, 0);
    agent.stop();
  });

  it("property: arbitrary otaurl payloads never crash the agent or reach params sync", async () => {
    const rig = otaRig("1.0.0");
    const agent = startAgent(rig.platform, lightApp(), OtaOptions);
    await rig.settle(200);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map((j) => bytes(j)), fc.record({ ota_job_id: fc.string(), url: fc.string(), file_size: fc.integer() }).map((o) => bytes(JSON.stringify(o)))), async (payload) => {
        await rig.broker.inject(`node/${NODE_ID}/otaurl`, payload);
        await rig.settle(10);
        assert.equal(agent.phase(), "online");
        assert.equal(agent.ota()!.state(), "idle");
      }),
      { numRuns: 60 },
    );
    assert.equal(agent.sync()!.stats().remoteSets, 0);
    agent.stop();
  });

  it("a version declared by the app wins over the slot's, in the node config and in otafetch", async () => {
    const rig = otaRig("1.0.0");
    const app = node({ name: "Pinned", type: "Switch", fwVersion: "7.0.0" }).add(relay, { name: "Switch", io: { relay: { pin: 4 } } });
    const agent = startAgent(rig.platform, app, OtaOptions);
    await rig.settle(5200);
    assert.equal(JSON.parse(text(mine(rig, "config")[0]!.payload)).info.fw_version, "7.0.0");
    assert.equal(JSON.parse(text(mine(rig, "otafetch")[0]!.payload)).fw_version, "7.0.0");
    agent.stop();
  });
});

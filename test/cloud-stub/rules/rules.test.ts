import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { makeHarness } from "../rest/harness";
import type { Harness } from "../rest/harness";

const recording = JSON.parse(readFileSync(fileURLToPath(new URL("../rest/vectors/cli-rest.json", import.meta.url)), "utf8")) as {
  cloud: { initial_nodes: Record<string, { config: Record<string, unknown> }> };
};
const lightConfig = recording.cloud.initial_nodes["7CDFA1E0B1C2"]!.config;
const NodeId = "7CDFA1E0B1C2";
const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));

describe("MQTT rules", () => {
  let h: Harness;
  const publish = (suffix: string, payload: unknown, opts: { nodeId?: string; topicNode?: string; ingest?: string } = {}) => {
    const nodeId = opts.nodeId ?? NodeId;
    const plain = `node/${opts.topicNode ?? nodeId}/${suffix}`;
    return h.app.onMqttMessage({ topic: opts.ingest ? `$aws/rules/${opts.ingest}/${plain}` : plain, nodeId, payload: enc(payload) });
  };
  const warnings = () => h.log.lines.filter((l) => l.level !== "info");
  beforeEach(() => {
    h = makeHarness();
  });
  afterEach(() => h.app.close());

  describe("config [spec 1, 3.3]", () => {
    it("stores the config verbatim with version, fw_version, type and model (plain and basic-ingest topics)", async () => {
      await publish("config", lightConfig, { ingest: "esp_node_config" });
      const n = h.store.getNode(NodeId)!;
      assert.deepEqual(n.config, lightConfig);
      assert.equal(n.configVersion, "2020-03-20");
      assert.equal(n.fwVersion, "1.0.0");
      assert.equal(n.type, "Lightbulb");
      assert.equal(n.model, "esp-rainmaker-sim");
      await publish("config", { ...lightConfig, info: { ...(lightConfig.info as object), fw_version: "1.1.0" } });
      assert.equal(h.store.getNode(NodeId)!.fwVersion, "1.1.0");
    });

    it("drops a config naming another node, and an invalid config", async () => {
      await publish("config", { ...lightConfig, node_id: "OTHERNODE" });
      await publish("config", { node_id: NodeId });
      await publish("config", "{not json");
      assert.equal(h.store.getNode(NodeId)?.config ?? null, null);
      assert.equal(warnings().length, 3);
    });

    it("drops messages whose topic names another node than the authenticated client, or a wrong rule", async () => {
      await publish("config", lightConfig, { nodeId: "7CDFA1E0B1C3", topicNode: NodeId });
      await publish("config", lightConfig, { ingest: "esp_set_params" });
      await publish("params/remote", { Light: { Power: true } });
      assert.equal(h.store.getNode(NodeId), null);
      assert.equal(warnings().length, 3);
    });
  });

  describe("params [spec 2.1]", () => {
    it("params/local/init replaces the shadow; params/local and params/local/<group> merge deltas", async () => {
      await publish("params/local", { Old: { X: 1 } });
      await publish("params/local/init", { Light: { Name: "Light", Power: false, Brightness: 50 }, Time: { TZ: "" } }, { ingest: "esp_init_params" });
      assert.deepEqual(h.store.getNode(NodeId)!.params, { Light: { Name: "Light", Power: false, Brightness: 50 }, Time: { TZ: "" } });
      await publish("params/local", { Light: { Power: true } }, { ingest: "esp_set_params" });
      await publish("params/local/grp1", { Light: { Brightness: 60 } });
      await publish("params/local", { Connectivity: { Connected: false } });
      assert.deepEqual(h.store.getNode(NodeId)!.params, {
        Light: { Name: "Light", Power: true, Brightness: 60 },
        Time: { TZ: "" },
        Connectivity: { Connected: false },
      });
    });

    it("drops params that are not an object of device objects, keeping the shadow", async () => {
      await publish("params/local/init", { Light: { Power: true } });
      for (const bad of ["[1,2]", '{"Light":5}', '{"Light":{"Power":true}', "null", '{"a":{"b":1},"a":{"b":2}}']) await publish("params/local", bad);
      assert.deepEqual(h.store.getNode(NodeId)!.params, { Light: { Power: true } });
      assert.equal(warnings().length, 5);
    });

    it("with a stored config, keeps valid entries and drops unknown devices, params and wrong types", async () => {
      await publish("config", lightConfig);
      await publish("params/local/init", { Light: { Name: "Light", Power: false, Brightness: 50 }, Time: { TZ: "" } });
      await publish("params/local", { Light: { Power: true, Brightness: "high", Color: 3 }, Ghost: { X: 1 } });
      assert.deepEqual(h.store.getNode(NodeId)!.params, { Light: { Name: "Light", Power: true, Brightness: 50 }, Time: { TZ: "" } });
      const rejected = h.log.lines.find((l) => l.msg === "mqtt params/local: entries rejected");
      assert.equal((rejected?.fields?.rejected as unknown[]).length, 3);
    });

    it("never throws on arbitrary bytes to any suffix; the shadow stays an object of objects (property)", async () => {
      const suffixes = ["config", "params/local/init", "params/local", "params/local/g", "user/mapping", "otastatus", "otafetch", "alert", "tsdata", "simple_tsdata", "from-node", "x/y"];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...suffixes), fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }).map((v) => enc(JSON.stringify(v)))), async (suffix, payload) => {
          await h.app.onMqttMessage({ topic: `node/${NodeId}/${suffix}`, nodeId: NodeId, payload });
          const n = h.store.getNode(NodeId);
          if (n) for (const v of Object.values(n.params)) assert.ok(typeof v === "object" && v !== null && !Array.isArray(v));
        }),
        { numRuns: 400 },
      );
      assert.ok(!h.log.lines.some((l) => l.level === "error"), JSON.stringify(h.log.lines.filter((l) => l.level === "error").slice(0, 2)));
    });
  });

  describe("alert and time series [spec 2.3, 2.4]", () => {
    it("keeps the newest records per node and kind", async () => {
      await h.app.close();
      h = makeHarness({ config: { recordsKeptPerNode: 3 } });
      for (let i = 0; i < 5; i++) {
        await publish("tsdata", { ts_data_version: "2021-09-13", ts_data: [{ name: "Temperature Sensor.Temperature", dt: "float", records: [{ t: i, v: 20 + i }] }] }, { ingest: "esp_ts_ingest" });
      }
      await publish("simple_tsdata", { name: "Light.Power", dt: "bool", t: 5, v: true });
      await publish("alert", { "esp.alert.str": "Door open" });
      await publish("tsdata", { no: "ts_data" });
      const ts = h.store.listNodeRecords(NodeId, "tsdata").map((r) => (r.data as { ts_data: { records: { t: number }[] }[] }).ts_data[0]!.records[0]!.t);
      assert.deepEqual(ts, [2, 3, 4]);
      assert.deepEqual(h.store.listNodeRecords(NodeId, "simple_tsdata")[0]!.data, { name: "Light.Power", dt: "bool", t: 5, v: true });
      assert.deepEqual(h.store.listNodeRecords(NodeId, "alert")[0]!.data, { "esp.alert.str": "Door open" });
      assert.equal(warnings().length, 1);
    });
  });

  describe("connectivity", () => {
    it("records online/offline with the event time", () => {
      h.app.onConnectivity({ nodeId: NodeId, connected: true, at: 1000 });
      assert.deepEqual(h.store.getNode(NodeId)!.connectivity, { connected: true, timestamp: 1000 });
      h.app.onConnectivity({ nodeId: NodeId, connected: false, at: 2000 });
      assert.deepEqual(h.store.getNode(NodeId)!.connectivity, { connected: false, timestamp: 2000 });
    });
  });
});

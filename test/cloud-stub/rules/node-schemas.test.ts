import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { NodeSchemas } from "../../../cloud-stub/handlers/mqtt/node-schemas";
import { decodeNodeParams } from "../../../cloud-stub/handlers/mqtt/params-document";
import { emptyNode } from "../../../cloud-stub/store/empty-node";
import type { NodeRecord } from "../../../cloud-stub/store/store";

const recording = JSON.parse(readFileSync(fileURLToPath(new URL("../rest/vectors/cli-rest.json", import.meta.url)), "utf8")) as {
  cloud: { initial_nodes: Record<string, { config: Record<string, unknown> }> };
};
const lightConfig = recording.cloud.initial_nodes["7CDFA1E0B1C2"]!.config;
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const withConfig = (nodeId: string, config: Record<string, unknown> | null): NodeRecord => ({ ...emptyNode(nodeId, 0), config });
const fanDevice = { name: "Fan", type: "esp.device.fan", params: [{ name: "Speed", type: "esp.param.speed", data_type: "int", properties: ["read", "write"] }] };

describe("NodeSchemas (params schema per stored node config)", () => {
  it("checks a report against the stored config, and against a changed config once it changes", () => {
    const schemas = new NodeSchemas();
    const fanReport = enc({ Fan: { Speed: 3 }, Light: { Brightness: 7 } });
    const before = decodeNodeParams(fanReport, schemas.of(withConfig("N1", lightConfig)));
    assert.ok(before.ok);
    assert.deepEqual(before.value, { Light: { Brightness: 7 } });
    assert.equal(before.rejected.length, 1);
    const devices = [...(lightConfig.devices as unknown[]), fanDevice];
    const after = decodeNodeParams(fanReport, schemas.of(withConfig("N1", { ...lightConfig, devices })));
    assert.ok(after.ok);
    assert.deepEqual(after.value, { Fan: { Speed: 3 }, Light: { Brightness: 7 } });
    assert.deepEqual(after.rejected, []);
  });

  it("reuses the schema while the config is unchanged, and keeps nodes apart", () => {
    const schemas = new NodeSchemas();
    const first = schemas.of(withConfig("N1", lightConfig));
    assert.ok(first);
    assert.equal(schemas.of(withConfig("N1", structuredClone(lightConfig))), first);
    assert.notEqual(schemas.of(withConfig("N2", lightConfig)), first);
  });

  it("answers null without a config or for one that does not decode (reports then get the plain check)", () => {
    const schemas = new NodeSchemas();
    assert.equal(schemas.of(null), null);
    assert.equal(schemas.of(withConfig("N1", null)), null);
    assert.equal(schemas.of(withConfig("N1", { node_id: "N1" })), null);
    const plain = decodeNodeParams(enc({ Anything: { X: 1 } }), schemas.of(withConfig("N1", { node_id: "N1" })));
    assert.ok(plain.ok);
    assert.deepEqual(plain.value, { Anything: { X: 1 } });
  });

  it("forgets the oldest node past its bound and still answers for it", () => {
    const schemas = new NodeSchemas(2);
    const a = schemas.of(withConfig("A", lightConfig));
    schemas.of(withConfig("B", lightConfig));
    schemas.of(withConfig("C", lightConfig));
    const again = schemas.of(withConfig("A", lightConfig));
    assert.ok(again);
    assert.notEqual(again, a);
    assert.deepEqual(again, a);
  });
});

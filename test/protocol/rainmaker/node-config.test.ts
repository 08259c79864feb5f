import assert from "node:assert/strict";
import fc from "fast-check";
import { standardParam } from "../../../firmware/protocol/rainmaker/catalog";
import type { DeviceDescription, NodeDescription, ParamDescription } from "../../../firmware/protocol/rainmaker/description";
import { checkNodeConfigSize, decodeNodeConfig, encodeNodeConfig } from "../../../firmware/protocol/rainmaker/node-config";
import specExample from "./fixtures/spec-1.6-node-config.json" with { type: "json" };
import { deskNode, specNode } from "./fixtures/nodes";
import { DESK_NODE_CONFIG } from "./fixtures/wire-vectors";

function baseNode(): NodeDescription {
  return { nodeId: "N1", info: { name: "n", fwVersion: "1", type: "t", model: "m", projectName: "p", platform: "esp32" }, devices: [], services: [] };
}

describe("protocol/rainmaker/node-config", () => {
  it("encodes the spec 1.6 example byte for byte (compacted)", () => {
    assert.equal(encodeNodeConfig(specNode()), JSON.stringify(specExample));
  });

  it("encodes the desk node golden vector", () => {
    assert.equal(encodeNodeConfig(deskNode()), DESK_NODE_CONFIG);
  });

  it("omits attributes, devices and services per spec 1.1", () => {
    const n = baseNode();
    assert.equal(encodeNodeConfig(n),
      '{"node_id":"N1","config_version":"2020-03-20","info":{"name":"n","fw_version":"1","type":"t","model":"m","project_name":"p","platform":"esp32"}}');
    n.attributes = [];
    n.services.push({ name: "S", params: [] });
    assert.equal(encodeNodeConfig(n),
      '{"node_id":"N1","config_version":"2020-03-20","info":{"name":"n","fw_version":"1","type":"t","model":"m","project_name":"p","platform":"esp32"},"devices":[],"services":[{"name":"S"}]}');
  });

  it("writes info subtype/readme/secure_boot_digest in order and skips an empty readme", () => {
    const n = baseNode();
    n.info.subtype = "st";
    n.info.readme = "";
    n.info.secureBootDigest = { k0: "ab", k1: null };
    assert.match(encodeNodeConfig(n), /"type":"t","subtype":"st","model":"m","project_name":"p","platform":"esp32","secure_boot_digest":\{"k0":"ab","k1":null\}\}/);
  });

  it("formats params: properties order, float bounds, step 0, array max, valid_strs, escaping", () => {
    const n = baseNode();
    n.devices.push({
      name: 'Dev "1"', type: "esp.device.other", subtype: "s", model: "m", params: [
        { name: "F", dataType: "float", properties: { read: true, write: true, simpleTimeSeries: true, persist: true }, bounds: { min: -1.5, max: 2, step: 0.5 } },
        { name: "I", dataType: "int", properties: { read: true, write: false }, bounds: { min: 0, max: 10, step: 0 } },
        { name: "A", dataType: "array", properties: { read: true, write: true }, bounds: { min: 1, max: 4 } },
        { name: "S", dataType: "string", properties: { read: false, write: true }, validStrs: ["a", "b\n"], uiType: "esp.ui.dropdown" },
        { name: "B", dataType: "bool", properties: { read: true, write: true }, bounds: { min: 0, max: 1 } },
      ],
    });
    const text = encodeNodeConfig(n);
    assert.ok(text.includes('{"name":"Dev \\"1\\"","type":"esp.device.other","subtype":"s","model":"m","params":['));
    assert.ok(text.includes('{"name":"F","data_type":"float","properties":["read","write","simple_ts"],"bounds":{"min":-1.50000,"max":2.00000,"step":0.50000}}'));
    assert.ok(text.includes('{"name":"I","data_type":"int","properties":["read"],"bounds":{"min":0,"max":10}}'));
    assert.ok(text.includes('{"name":"A","data_type":"array","properties":["read","write"],"bounds":{"max":4}}'));
    assert.ok(text.includes('{"name":"S","data_type":"string","properties":["write"],"valid_strs":["a","b\\n"],"ui_type":"esp.ui.dropdown"}'));
    assert.ok(text.includes('{"name":"B","data_type":"bool","properties":["read","write"]}'));
    assert.equal(JSON.parse(text).devices[0].name, 'Dev "1"');
  });

  it("decodes what it encodes (spec and desk nodes)", () => {
    for (const node of [specNode(), deskNode()]) {
      const text = encodeNodeConfig(node);
      const r = decodeNodeConfig(text);
      assert.ok(r.ok, r.ok ? "" : r.error);
      assert.equal(encodeNodeConfig(r.value), text);
      assert.equal(r.value.devices[0]!.params[1]!.uiType, "esp.ui.toggle");
    }
  });

  it("rejects invalid configs with a message", () => {
    const good = JSON.parse(encodeNodeConfig(specNode()));
    const cases: [string, (c: any) => unknown, RegExp][] = [
      ["no node_id", (c) => delete c.node_id, /node_id/],
      ["bad node_id", (c) => (c.node_id = "a/b"), /node_id/],
      ["info not object", (c) => (c.info = []), /info/],
      ["unknown data_type", (c) => (c.devices[0].params[0].data_type = "invalid"), /data_type/],
      ["unknown property", (c) => c.devices[0].params[0].properties.push("persist"), /property/],
      ["dup device", (c) => (c.services[0].name = "Light"), /duplicate/],
      ["dup param", (c) => (c.devices[0].params[1].name = "Name"), /duplicate param/],
      ["bad primary", (c) => (c.devices[0].primary = "Nope"), /primary/],
      ["bool bounds", (c) => (c.devices[0].params[1].bounds = { min: 0, max: 1 }), /bounds/],
      ["int bounds fraction", (c) => (c.devices[0].params[2].bounds.step = 0.5), /integer/],
      ["min>max", (c) => (c.devices[0].params[2].bounds.min = 200), /min/],
      ["valid_strs on int", (c) => (c.devices[0].params[2].valid_strs = ["a"]), /valid_strs/],
      ["array bounds min", (c) => (c.services[1].params[0].bounds.min = 1), /array bounds/],
      ["ts on array", (c) => c.services[1].params[0].properties.push("time_series"), /time series/],
      ["devices not array", (c) => (c.devices = {}), /devices/],
      ["param not object", (c) => (c.devices[0].params[0] = "x"), /must be an object/],
    ];
    for (const [what, mutate, re] of cases) {
      const c = structuredCloneJson(good);
      mutate(c);
      const r = decodeNodeConfig(JSON.stringify(c));
      assert.equal(r.ok, false, what);
      if (!r.ok) assert.match(r.error, re, what);
    }
    for (const text of ["", "[]", "{", '{"node_id":"x"} x', "null", "1".repeat(10)]) assert.equal(decodeNodeConfig(text).ok, false, text);
    assert.match((decodeNodeConfig(" ".repeat(200), { maxBytes: 100 }) as { error: string }).error, /larger than 100/);
  });

  it("decodeNodeConfig never throws on arbitrary input", () => {
    fc.assert(fc.property(fc.string(), (s) => { decodeNodeConfig(s); }));
    fc.assert(fc.property(fc.json({ maxDepth: 6 }), (s) => { decodeNodeConfig(s); }));
    const good = JSON.parse(encodeNodeConfig(specNode()));
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(40), (junk, at) => {
      const c = structuredCloneJson(good);
      const all = [c, c.info, ...c.devices, ...c.services, ...c.devices.flatMap((d: any) => d.params)];
      const target = all[at % all.length];
      const keys = Object.keys(target);
      target[keys[at % keys.length]!] = junk;
      const r = decodeNodeConfig(JSON.stringify(c));
      if (r.ok) assert.equal(decodeNodeConfig(encodeNodeConfig(r.value)).ok, true);
    }));
  });

  it("decodes any encodable description back to the same text", () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    const props = fc.record({ read: fc.boolean(), write: fc.boolean(), timeSeries: fc.boolean(), persist: fc.boolean() });
    const num = fc.integer({ min: -100000, max: 100000 });
    const param = fc.oneof(
      fc.record({ dataType: fc.constantFrom("int" as const, "float" as const), a: num, b: num, step: fc.nat(500), properties: props })
        .map(({ dataType, a, b, step, properties }) => ({ dataType, properties, bounds: dataType === "int" ? { min: Math.min(a, b), max: Math.max(a, b), step } : { min: Math.min(a, b) / 100, max: Math.max(a, b) / 100, step: step / 100 } })),
      fc.record({ dataType: fc.constant("string" as const), properties: props, validStrs: fc.option(fc.array(fc.string()), { nil: undefined }), uiType: fc.option(fc.string(), { nil: undefined }) }),
      fc.record({ dataType: fc.constantFrom("bool" as const, "object" as const), properties: props }),
      fc.record({ dataType: fc.constant("array" as const), properties: props, bounds: fc.record({ max: fc.nat(20) }) }),
    );
    const device = fc.record({
      name, type: fc.option(fc.string(), { nil: undefined }), subtype: fc.option(fc.string(), { nil: undefined }),
      attributes: fc.option(fc.array(fc.record({ name: fc.string(), value: fc.string() }), { maxLength: 2 }), { nil: undefined }),
      params: fc.uniqueArray(fc.tuple(name, param), { selector: ([n]) => n, maxLength: 4 }),
      usePrimary: fc.boolean(),
    });
    const node = fc.uniqueArray(device, { selector: (d) => d.name, maxLength: 5 }).chain((all) => fc.nat(all.length).map((split) => ({ all, split })));
    fc.assert(fc.property(node, fc.stringMatching(/^[A-Za-z0-9]{1,24}$/), ({ all, split }, nodeId) => {
      const toDevice = (d: (typeof all)[number]) => {
        const params = d.params.map(([n, p]) => {
          const q = { name: n, ...p } as ParamDescription;
          if (q.dataType === "object" || q.dataType === "array") q.properties = { ...q.properties, timeSeries: false };
          return q;
        });
        const out: DeviceDescription = { name: d.name, params };
        if (d.type !== undefined) out.type = d.type;
        if (d.subtype !== undefined) out.subtype = d.subtype;
        if (d.attributes) out.attributes = d.attributes;
        if (d.usePrimary && params.length > 0) out.primary = params[0]!.name;
        return out;
      };
      const desc: NodeDescription = { ...baseNode(), nodeId, devices: all.slice(0, split).map(toDevice), services: all.slice(split).map(toDevice) };
      const text = encodeNodeConfig(desc);
      const r = decodeNodeConfig(text);
      assert.ok(r.ok, r.ok ? "" : r.error);
      assert.equal(encodeNodeConfig(r.value), text);
    }), { numRuns: 150 });
  });

  it("checks the size budget and names the largest devices and params", () => {
    const n = deskNode();
    const text = encodeNodeConfig(n);
    const ok = checkNodeConfigSize(text, n);
    assert.ok(ok.ok && ok.bytes === text.length && ok.budget === 8192);
    const big = standardParam("name", { name: "Big", validStrs: [] });
    big.dataType = "string";
    big.validStrs = Array.from({ length: 50 }, (_, i) => `option-${i}-${"x".repeat(20)}`);
    n.devices[1]!.params.push(big);
    const t2 = encodeNodeConfig(n);
    const r = checkNodeConfigSize(t2, n, 2000);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.bytes, t2.length);
      assert.match(r.error, /over the 2000-byte budget/);
      assert.match(r.error, /largest devices\/services: "Switch" \d+ B/);
      assert.match(r.error, /largest params: "Switch\.Big" \d+ B/);
    }
  });
});

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

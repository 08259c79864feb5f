import assert from "node:assert/strict";
import fc from "fast-check";
import { createNodeRuntime, defineDriver, devices, node, params } from "../../firmware/core";
import type { NodeRuntime, ParamsDocument } from "../../firmware/core";
import { standardService } from "../../firmware/protocol/rainmaker/catalog";
import { decodeRemoteSet, encodeDeltaReport, encodeFullReport } from "../../firmware/protocol/rainmaker/params";
import { jsonString } from "../../firmware/protocol/rainmaker/json-writer";
import { ParamsTextWriter } from "../../firmware/protocol/rainmaker/params-writer";
import { createRig } from "./rig";

/** A node with every data type, a device without a writable param, app services and an agent service. */
function variedRuntime(): NodeRuntime {
  const light = defineDriver({ device: devices.lightbulb({ brightness: 40, hue: true }), io: {}, write: () => undefined });
  const gadget = defineDriver({
    device: devices.other("esp.device.gadget"),
    params: {
      level: params.float("Level", 1.5, { bounds: { min: -10, max: 10 } }),
      label: params.string("Label", "a \"quoted\" \u00e9 label"),
      config: params.object("Config", { a: [1, "x"], b: { c: null } }),
      list: params.array("List", [1, 2, 3], { bounds: { max: 5 } }),
      count: params.int("Count", 7, { readOnly: true }),
    },
    io: {},
    write: () => undefined,
  });
  const app = node({ name: "Views", type: "Multi Device" })
    .add(light, { name: "Lamp", io: {} })
    .add(gadget, { name: "Gadget \u2603", io: {} })
    .withTimeService()
    .withSystemService({ reboot: true });
  const rig = createRig();
  const rt = createNodeRuntime(app, { ...rig, system: { reboot: () => undefined }, services: [{ description: standardService("localControl"), initial: { POP: "abcd", Type: 1 } }] });
  rt.start();
  return rt;
}

const lampWrite = fc.record({ Power: fc.boolean(), Brightness: fc.integer({ min: 0, max: 100 }), Hue: fc.integer({ min: 0, max: 360 }) }, { requiredKeys: [] });
const gadgetWrite = fc.record({
  Level: fc.double({ min: -10, max: 10, noNaN: true }),
  Label: fc.string({ maxLength: 20 }),
  List: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean()), { maxLength: 5 }),
  Config: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null))),
}, { requiredKeys: [] });

describe("core: runtime report text and params schema", () => {
  it("fullReportText() is the text encodeFullReport writes from describe() and fullReport(), after any writes [spec 2.1]", () => {
    fc.assert(fc.property(fc.array(fc.record({ lamp: lampWrite, gadget: gadgetWrite }), { maxLength: 4 }), (writes) => {
      const rt = variedRuntime();
      for (const w of writes) rt.apply({ accepted: { Lamp: w.lamp, "Gadget \u2603": w.gadget } as ParamsDocument, rejected: [] }, "cloud");
      const expected = encodeFullReport(rt.describe("node-1"), rt.fullReport());
      assert.equal(rt.fullReportText(), expected);
      assert.deepEqual(JSON.parse(rt.fullReportText()), JSON.parse(expected));
    }), { numRuns: 40 });
  });

  it("paramsSchema() decodes and encodes exactly like a schema built from describe() [spec 2.2]", () => {
    const rt = variedRuntime();
    const shared = rt.paramsSchema();
    const described = rt.describe("node-1");
    const names = ["Lamp", "Gadget \u2603", "Time", "System", "Local Control", "Nope"];
    const paramNames = ["Power", "Brightness", "Hue", "Name", "Level", "Label", "List", "Config", "Count", "TZ", "Reboot", "POP", "Bogus"];
    const value = fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 400 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 8 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
    const doc = fc.dictionary(fc.constantFrom(...names), fc.dictionary(fc.constantFrom(...paramNames), value));
    fc.assert(fc.property(doc, (d) => {
      const text = JSON.stringify(d);
      assert.deepEqual(decodeRemoteSet(text, shared), decodeRemoteSet(text, described));
      assert.equal(encodeDeltaReport(shared, d as ParamsDocument), encodeDeltaReport(described, d as ParamsDocument));
    }), { numRuns: 200 });
    assert.deepEqual(shared.devices.map((x) => ({ ...x })), [...described.devices, ...described.services].map((x) => ({ ...x })));
  });

  it("the shared schema is frozen, so a caller cannot change the runtime's params through it", () => {
    const rt = variedRuntime();
    const schema = rt.paramsSchema();
    const lamp = schema.devices[0]!;
    assert.throws(() => (lamp.params as unknown[]).push({}), TypeError);
    for (const p of lamp.params) {
      assert.ok(Object.isFrozen(p) && Object.isFrozen(p.properties), `${p.name} is frozen`);
      assert.throws(() => Object.defineProperty(p.properties, "write", { value: false }), TypeError);
    }
    assert.ok(Object.isFrozen(lamp));
    assert.equal(rt.apply({ accepted: { Lamp: { Power: true } }, rejected: [] }).rejected.length, 0);
  });

  it("ParamsTextWriter quotes names and string values exactly as jsonString does, lone surrogates included", () => {
    const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));
    fc.assert(fc.property(anyUnits, anyUnits, (name, value) => {
      const w = new ParamsTextWriter();
      w.device(name);
      w.param(name, "string", value);
      const expected = "{" + jsonString(name) + ":{" + jsonString(name) + ":" + jsonString(value) + "}}";
      assert.equal(w.end(), expected);
    }), { numRuns: 300 });
    const edges = [...Array(0x100).keys(), ...Array.from({ length: 0x800 }, (_, i) => 0xd800 + i), 0x2028, 0x2029, 0xfeff, 0xffff];
    for (const c of edges) {
      const s = String.fromCharCode(c);
      if (JSON.stringify(s) !== jsonString(s)) assert.fail(`U+${c.toString(16)} is quoted differently`);
    }
  });

  it("ParamsTextWriter writes empty documents and devices, and refuses a param outside a device", () => {
    assert.equal(new ParamsTextWriter().end(), "{}");
    const w = new ParamsTextWriter();
    w.device("A");
    w.device("B\n");
    w.param("P", "int", 2.7);
    w.param("Q", "float", 1);
    assert.equal(w.end(), '{"A":{},"B\\n":{"P":2,"Q":1.00000}}');
    assert.throws(() => new ParamsTextWriter().param("P", "bool", true), /before device/);
  });
});

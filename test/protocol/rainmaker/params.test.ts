import assert from "node:assert/strict";
import fc from "fast-check";
import { anyString } from "./fixtures/arbitraries";
import { standardDevice, standardParam } from "../../../firmware/protocol/rainmaker/catalog";
import type { NodeDescription, ParamDescription, ParamsDocument, ParamValue } from "../../../firmware/protocol/rainmaker/description";
import {
  createParamsSchema, decodeRemoteSet, decodeReport, encodeDeltaReport, encodeFullReport, encodeParams, MIN_REPORT_LENGTH,
} from "../../../firmware/protocol/rainmaker/params";
import { deskNode, deskValues, specNode, specValues } from "./fixtures/nodes";
import { DESK_NODE_FULL_REPORT, SPEC_DELTA_REPORT, SPEC_FULL_REPORT, SPEC_REMOTE_SET } from "./fixtures/wire-vectors";

/**
 * Rebuilds null-prototype containers as plain objects (own data properties, never via __proto__ setters).
 * -0 becomes 0: inside object/array values numbers are written the way JSON.stringify writes them.
 */
function plain(v: unknown): unknown {
  if (Object.is(v, -0)) return 0;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: plain((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

/** A node with every data type and constraint kind, for the validation tests. */
function testNode(): NodeDescription {
  const light = standardDevice("lightbulb", "Light");
  light.params.push(standardParam("brightness"), standardParam("cct"), standardParam("temperature"));
  light.params.push({ name: "Mode", dataType: "string", properties: { read: true, write: true }, validStrs: ["Auto", "Manual"] });
  light.params.push({ name: "Level", dataType: "float", properties: { read: true, write: true }, bounds: { min: -10, max: 10, step: 0.25 } });
  light.params.push({ name: "Gain", dataType: "float", properties: { read: true, write: true } });
  light.params.push({ name: "Count", dataType: "int", properties: { read: true, write: true } });
  light.params.push({ name: "Cfg", dataType: "object", properties: { read: true, write: true } });
  light.params.push({ name: "List", dataType: "array", properties: { read: true, write: true }, bounds: { max: 3 } });
  const n = specNode();
  n.devices[0] = light;
  return n;
}

describe("protocol/rainmaker/params encode", () => {
  it("encodes the spec 2.1 full report byte for byte", () => {
    assert.equal(encodeFullReport(specNode(), specValues()), SPEC_FULL_REPORT);
  });

  it("encodes the desk node full report golden vector", () => {
    assert.equal(encodeFullReport(deskNode(), deskValues()), DESK_NODE_FULL_REPORT);
    assert.equal(encodeFullReport(createParamsSchema(deskNode()), deskValues()), DESK_NODE_FULL_REPORT);
  });

  it("includes write-only params in the full report", () => {
    const n = specNode();
    n.services.push({ name: "OTA", params: [standardParam("otaStatus"), standardParam("otaInfo"), standardParam("otaUrl")] });
    const v = specValues();
    v["OTA"] = { Status: "", Info: "", URL: "https://x/y.bin" };
    assert.ok(encodeFullReport(n, v).endsWith(',"OTA":{"Status":"","Info":"","URL":"https://x/y.bin"}}'));
  });

  it("encodes a delta report in node order and skips an empty one", () => {
    assert.equal(encodeDeltaReport(specNode(), { Light: { Brightness: 60, Power: false } }), SPEC_DELTA_REPORT);
    assert.equal(encodeDeltaReport(specNode(), { "Temperature Sensor": { Temperature: 21 }, "Switch": { Power: true } }),
      '{"Switch":{"Power":true},"Temperature Sensor":{"Temperature":21.00000}}');
    assert.equal(encodeDeltaReport(specNode(), {}), null);
    assert.equal(encodeDeltaReport(specNode(), { Light: {} }), null);
    assert.equal(encodeDeltaReport(specNode(), { Nope: { X: 1 }, constructor: { Power: true } }), null);
    const tiny: NodeDescription = { ...specNode(), devices: [{ name: "D", params: [{ name: "P", dataType: "int", properties: { read: true, write: true } }] }], services: [] };
    const t = encodeDeltaReport(tiny, { D: { P: 1 } });
    assert.equal(t, '{"D":{"P":1}}');
    assert.equal(t!.length, MIN_REPORT_LENGTH);
  });

  it("formats values by data type and escapes strings", () => {
    const n = testNode();
    const text = encodeParams(n, { Light: { Name: 'a"b\\c\u0001', Level: -0.125, Count: 7, Cfg: { k: [1, 2.5, null] }, List: [] } });
    assert.equal(text, '{"Light":{"Name":"a\\"b\\\\c\\u0001","Level":-0.12500,"Count":7,"Cfg":{"k":[1,2.5,null]},"List":[]}}');
    assert.deepEqual(JSON.parse(text).Light.Name, 'a"b\\c\u0001');
  });
});

describe("protocol/rainmaker/params decodeRemoteSet", () => {
  it("accepts the spec 2.1 remote set", () => {
    const r = decodeRemoteSet(SPEC_REMOTE_SET, specNode());
    assert.equal(r.error, undefined);
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(plain(r.accepted), { Light: { Power: false, Brightness: 60 }, Time: { TZ: "Europe/Berlin" } });
  });

  it("returns accepted params in node order", () => {
    const r = decodeRemoteSet('{"Time":{"TZ-POSIX":"X","TZ":"Y"},"Light":{"Brightness":1,"Power":true}}', specNode());
    assert.equal(JSON.stringify(plain(r.accepted)), '{"Light":{"Power":true,"Brightness":1},"Time":{"TZ":"Y","TZ-POSIX":"X"}}');
  });

  const rejections: [string, string, RegExp][] = [
    ['{"Light":{"Brightness":60.0}}', "Brightness", /integer literal/],
    ['{"Light":{"Brightness":6e1}}', "Brightness", /integer literal/],
    ['{"Light":{"Brightness":60.5}}', "Brightness", /integer literal/],
    ['{"Light":{"Brightness":"60"}}', "Brightness", /expected int, got string/],
    ['{"Light":{"Brightness":101}}', "Brightness", /above maximum 100/],
    ['{"Light":{"Brightness":-1}}', "Brightness", /below minimum 0/],
    ['{"Light":{"CCT":2750}}', "CCT", /not on step 100/],
    ['{"Light":{"Level":0.3}}', "Level", /not on step 0.25/],
    ['{"Light":{"Level":1e400}}', "Level", /out of range/],
    ['{"Light":{"Gain":1e39}}', "Gain", /float32/],
    ['{"Light":{"Count":2147483648}}', "Count", /int32/],
    ['{"Light":{"Count":-2147483649}}', "Count", /int32/],
    ['{"Light":{"Power":"true"}}', "Power", /expected bool/],
    ['{"Light":{"Power":1}}', "Power", /expected bool/],
    ['{"Light":{"Power":null}}', "Power", /expected bool.*got null/],
    ['{"Light":{"Mode":"Off"}}', "Mode", /valid_strs/],
    ['{"Light":{"Name":5}}', "Name", /expected string/],
    ['{"Light":{"Temperature":20}}', "Temperature", /not writable/],
    ['{"Light":{"Cfg":[1]}}', "Cfg", /expected object, got array/],
    ['{"Light":{"List":{}}}', "List", /expected array/],
    ['{"Light":{"List":[1,2,3,4]}}', "List", /more than 3/],
    ['{"Light":{"Nope":1}}', "Nope", /unknown param/],
    ['{"Light":{"__proto__":{"polluted":1}}}', "__proto__", /unknown param/],
    ['{"Light":{"constructor":1}}', "constructor", /unknown param/],
    ['{"Local Control":{"POP":"x"}}', "POP", /not writable/],
  ];
  for (const [text, param, reason] of rejections) {
    it(`rejects ${text}`, () => {
      const r = decodeRemoteSet(text, testNode());
      assert.equal(r.error, undefined);
      assert.equal(Object.keys(r.accepted).length, 0);
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0]!.param, param);
      assert.match(r.rejected[0]!.reason, reason);
    });
  }

  it("accepts valid edge values", () => {
    const r = decodeRemoteSet('{"Light":{"Brightness":100,"CCT":6500,"Level":-9.75,"Gain":-0.5,"Count":-2147483648,"Mode":"Auto","Cfg":{"a":{"b":[]}},"List":[1,"x",null]}}', testNode());
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(plain(r.accepted), { Light: { Brightness: 100, CCT: 6500, Mode: "Auto", Level: -9.75, Gain: -0.5, Count: -2147483648, Cfg: { a: { b: [] } }, List: [1, "x", null] } });
  });

  it("rejects whole device entries that are unknown or not objects", () => {
    const r = decodeRemoteSet('{"Nope":{"Power":true},"Switch":[true],"__proto__":{"x":1},"Light":{"Power":true}}', testNode());
    assert.deepEqual(r.rejected.map((x) => [x.device, x.param, x.reason.split(",")[0]]), [
      ["Nope", undefined, "unknown device or service"],
      ["Switch", undefined, "device entry must be an object"],
      ["__proto__", undefined, "unknown device or service"],
    ]);
    assert.deepEqual(plain(r.accepted), { Light: { Power: true } });
    assert.equal(({} as Record<string, unknown>)["x"], undefined);
  });

  it("refuses bad documents as a whole", () => {
    const docs: [string, RegExp, object?][] = [
      ["", /not valid JSON/], ["{", /not valid JSON/], ['{"Light":{"Power":true}} x', /trailing/], ["[]", /must be a JSON object, got array/],
      ["null", /got null/], ['"x"', /got string/], ['{"Light":{"Power":true},"Light":{}}', /duplicate key/],
      ['{"Light":{"Power":tru}}', /invalid literal/], ['{"Light":{"Name":"a\u0001"}}', /control character/],
      [`{"Light":{"Cfg":${"[".repeat(9)}${"]".repeat(9)}}}`, /nesting deeper/],
      [`{"Light":{"Name":"${"x".repeat(100)}"}}`, /larger than 64 bytes/, { maxBytes: 64 }],
      ['{"Light":{"Name":"\u00e9\u00e9"}}', /larger than 24 bytes/, { maxBytes: 24 }],
    ];
    for (const [text, re, opts] of docs) {
      const r = decodeRemoteSet(text, testNode(), opts);
      assert.match(r.error ?? "", re, text);
      assert.deepEqual(Object.keys(r.accepted), []);
    }
  });

  it("finds duplicate keys in large objects too", () => {
    const keys = Array.from({ length: 20 }, (_, i) => `"K${i}":1`).join(",");
    assert.match(decodeRemoteSet(`{"Light":{${keys},"K3":2}}`, testNode()).error ?? "", /duplicate key "K3"/);
    assert.match(decodeRemoteSet(`{"Light":{${keys},"K19":2}}`, testNode()).error ?? "", /duplicate key "K19"/);
    assert.equal(decodeRemoteSet(`{"Light":{${keys}}}`, testNode()).rejected.length, 20);
  });

  it("limits string length in UTF-8 bytes", () => {
    const r = decodeRemoteSet('{"Light":{"Name":"\u00e9\u00e9\u00e9"}}', testNode(), { maxStringBytes: 5 });
    assert.match(r.rejected[0]!.reason, /longer than 5 bytes/);
    assert.equal(decodeRemoteSet('{"Light":{"Name":"\u00e9\u00e9"}}', testNode(), { maxStringBytes: 4 }).rejected.length, 0);
  });

  it("decodeReport accepts read-only params and skips constraints but keeps types", () => {
    const r = decodeReport(SPEC_FULL_REPORT, specNode());
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(plain(r.accepted), plain(specValues()));
    const r2 = decodeReport('{"Light":{"Brightness":150,"Power":"on"}}', specNode());
    assert.deepEqual(plain(r2.accepted), { Light: { Brightness: 150 } });
    assert.equal(r2.rejected[0]!.param, "Power");
  });
});

// ---- property tests ----

function intValue(p: ParamDescription): fc.Arbitrary<number> {
  const b = p.bounds;
  if (b?.min !== undefined && b.max !== undefined) {
    const step = b.step || 1;
    return fc.integer({ min: 0, max: Math.floor((b.max - b.min) / step) }).map((k) => b.min! + k * step);
  }
  return fc.integer();
}

/** Any value valid for `p` that survives the wire format exactly. */
function validValue(p: ParamDescription): fc.Arbitrary<ParamValue> {
  switch (p.dataType) {
    case "bool": return fc.boolean();
    case "int": return intValue(p);
    case "float": {
      const b = p.bounds;
      if (b?.min !== undefined && b.max !== undefined && b.step) return fc.integer({ min: 0, max: Math.floor((b.max - b.min) / b.step) }).map((k) => b.min! + k * b.step!);
      return fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 100);
    }
    case "string": return p.validStrs ? fc.constantFrom(...p.validStrs) : anyString(40);
    case "object": return fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })) as fc.Arbitrary<ParamValue>;
    case "array": return fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: p.bounds?.max ?? 5 }) as fc.Arbitrary<ParamValue>;
  }
}

function valuesArbitrary(n: NodeDescription): fc.Arbitrary<ParamsDocument> {
  const devices: Record<string, fc.Arbitrary<Record<string, ParamValue>>> = {};
  for (const d of n.devices.concat(n.services)) {
    const params: Record<string, fc.Arbitrary<ParamValue>> = {};
    for (const p of d.params) params[p.name] = validValue(p);
    devices[d.name] = fc.record(params);
  }
  return fc.record(devices);
}

/** Independent statement of what a remote set may accept (spec 1.5 + our stricter rules). */
function isValidWrite(p: ParamDescription, v: ParamValue): boolean {
  if (!p.properties.write) return false;
  switch (p.dataType) {
    case "bool": return v === true || v === false;
    case "string": return typeof v === "string" && (!p.validStrs || p.validStrs.includes(v));
    case "object": return v !== null && typeof v === "object" && !Array.isArray(v);
    case "array": return Array.isArray(v) && (p.bounds?.max === undefined || v.length <= p.bounds.max);
    case "int":
    case "float": {
      if (typeof v !== "number" || !Number.isFinite(v)) return false;
      if (p.dataType === "int" && (!Number.isInteger(v) || v > 2147483647 || v < -2147483648)) return false;
      const b = p.bounds ?? {};
      if ((b.min !== undefined && v < b.min) || (b.max !== undefined && v > b.max)) return false;
      if (b.step) {
        const k = (v - (b.min ?? 0)) / b.step;
        if (Math.abs(k - Math.round(k)) > 1e-6) return false;
      }
      return true;
    }
  }
}

function assertOnlyValidAccepted(n: NodeDescription, accepted: ParamsDocument): void {
  const all = n.devices.concat(n.services);
  for (const device of Object.keys(accepted)) {
    const d = all.find((x) => x.name === device);
    assert.ok(d, `accepted unknown device ${device}`);
    for (const param of Object.keys(accepted[device]!)) {
      const p = d.params.find((x) => x.name === param);
      assert.ok(p, `accepted unknown param ${device}.${param}`);
      assert.ok(isValidWrite(p, accepted[device]![param]!), `accepted invalid ${device}.${param}=${JSON.stringify(accepted[device]![param])}`);
    }
  }
}

describe("protocol/rainmaker/params properties", () => {
  it("full report -> remote set gives back exactly the writable values", () => {
    const n = testNode();
    const schema = createParamsSchema(n);
    fc.assert(fc.property(valuesArbitrary(n), (values) => {
      const r = decodeRemoteSet(encodeFullReport(schema, values), schema, { maxBytes: 1 << 20 });
      assert.equal(r.error, undefined);
      const expected: Record<string, Record<string, ParamValue>> = {};
      const notWritable: string[] = [];
      for (const d of schema.devices) {
        for (const p of d.params) {
          if (!p.properties.write) { notWritable.push(`${d.name}.${p.name}`); continue; }
          (expected[d.name] ??= {})[p.name] = values[d.name]![p.name]!;
        }
      }
      assert.deepEqual(plain(r.accepted), plain(expected));
      assert.deepEqual(r.rejected.map((x) => `${x.device}.${x.param}`), notWritable);
      assert.ok(r.rejected.every((x) => x.reason === "param is not writable"));
    }), { numRuns: 60 });
  });

  it("decodes report texts back to the values (decodeReport)", () => {
    const n = testNode();
    fc.assert(fc.property(valuesArbitrary(n), (values) => {
      const r = decodeReport(encodeFullReport(n, values), n, { maxBytes: 1 << 20 });
      assert.deepEqual(r.rejected, []);
      assert.deepEqual(plain(r.accepted), plain(values));
    }), { numRuns: 40 });
  });

  it("random documents over the node's names never throw and never accept an invalid value", () => {
    const n = testNode();
    const all = n.devices.concat(n.services);
    const deviceName = fc.oneof(fc.constantFrom(...all.map((d) => d.name)), fc.constantFrom("__proto__", "constructor", "toString"), fc.string());
    const paramName = fc.oneof(fc.constantFrom(...all.flatMap((d) => d.params.map((p) => p.name))), fc.constantFrom("__proto__", "hasOwnProperty"), fc.string());
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.integer(), fc.double(), fc.constantFrom(0, 1, 100, 101, 2700, 2800, 6500, 2147483648, -0.25, 9.75));
    const doc = fc.dictionary(deviceName, fc.oneof(fc.dictionary(paramName, value, { maxKeys: 6 }), value), { maxKeys: 5 });
    fc.assert(fc.property(doc, (d) => {
      const r = decodeRemoteSet(JSON.stringify(d), n);
      assert.equal(r.error, undefined);
      assertOnlyValidAccepted(n, r.accepted);
      let entries = 0;
      for (const dev of Object.keys(d)) {
        const dv = (d as Record<string, unknown>)[dev];
        const known = all.some((x) => x.name === dev);
        entries += known && dv !== null && typeof dv === "object" && !Array.isArray(dv) ? Object.keys(dv).length : 1;
      }
      const acceptedCount = Object.keys(r.accepted).reduce((s, k) => s + Object.keys(r.accepted[k]!).length, 0);
      assert.equal(acceptedCount + r.rejected.length, entries);
    }), { numRuns: 300 });
  });

  it("malformed text never throws and never accepts an invalid value", () => {
    const n = testNode();
    const valid = encodeFullReport(n, { Light: { Power: true, Brightness: 40, CCT: 3000, Mode: "Auto", List: [1] }, Time: { TZ: "UTC" } });
    const mutated = fc.tuple(fc.nat(valid.length), fc.nat(4), fc.string({ maxLength: 4 })).map(([at, del, ins]) => valid.slice(0, at) + ins + valid.slice(at + del));
    fc.assert(fc.property(fc.oneof(fc.string(), anyString(), mutated), (text) => {
      const r = decodeRemoteSet(text, n);
      assertOnlyValidAccepted(n, r.accepted);
      if (r.error !== undefined) assert.deepEqual(Object.keys(r.accepted), []);
    }), { numRuns: 500 });
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  it("rejects ints written with a fraction or exponent wherever they appear", () => {
    const n = testNode();
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.constantFrom(".0", ".00", "e0", "E+0", ".0e0"), (v, tail) => {
      const r = decodeRemoteSet(`{"Light":{"Brightness":${v}${tail},"Power":true}}`, n);
      assert.deepEqual(plain(r.accepted), { Light: { Power: true } });
      assert.equal(r.rejected[0]!.param, "Brightness");
    }));
  });
});

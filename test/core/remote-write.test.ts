import assert from "node:assert/strict";
import fc from "fast-check";
import { createNodeRuntime, defineDriver, devices, node, params } from "../../firmware/core";
import type { ChangeSource, ParamValue } from "../../firmware/core";
import { decodeRemoteSet } from "../../firmware/protocol/rainmaker/params";
import { checkParamValue } from "../../firmware/core";
import { createRig } from "./rig";

interface Call { device: string; changed: Record<string, unknown>; source: ChangeSource }

function recordingApp(calls: Call[], failOn?: { device: string }) {
  const light = defineDriver({
    device: devices.lightbulb({ brightness: 50, hue: true }),
    params: { mode: params.string("Mode", "white", { validStrs: ["white", "colour"] }), watts: params.float("Watts", 0, { readOnly: true }) },
    io: {},
    write(_io, changed, ctx, source) {
      calls.push({ device: ctx.name, changed: { ...changed }, source });
      if (failOn?.device === ctx.name) throw new Error("bus fault");
    },
  });
  return node({ name: "N", type: "T" })
    .add(light, { name: "Left", io: {} })
    .add(light, { name: "Right", io: {} });
}

describe("core: remote writes", () => {
  it("fans accepted values out to the right driver instance only, keyed by driver param keys [spec 2.2]", () => {
    const calls: Call[] = [];
    const rig = createRig();
    const rt = createNodeRuntime(recordingApp(calls), rig);
    rt.start();
    calls.length = 0;
    const result = rt.apply({ accepted: { Right: { Power: true, Brightness: 70 } }, rejected: [] }, "cloud");
    assert.deepEqual(calls, [{ device: "Right", changed: { power: true, brightness: 70 }, source: "cloud" }]);
    assert.deepEqual(result.echo, { Right: { Power: true, Brightness: 70 } });
    assert.deepEqual(result.rejected, []);
    assert.equal(rt.get("Right", "Brightness"), 70);
    assert.equal(rt.get("Left", "Brightness"), 50);
  });

  it("rejects invalid values with reasons, logs them, and passes only the valid ones", () => {
    const calls: Call[] = [];
    const rig = createRig();
    const rt = createNodeRuntime(recordingApp(calls), rig);
    rt.start();
    calls.length = 0;
    const result = rt.apply({
      accepted: { Left: { Power: "yes", Brightness: 101, Hue: 90, Mode: "disco", Watts: 5, Colour: 1 }, Middle: { Power: true } } as never,
      rejected: [{ device: "Left", param: "Speed", reason: "unknown param" }],
    });
    assert.deepEqual(calls.map((c) => c.changed), [{ hue: 90 }]);
    assert.deepEqual(result.echo, { Left: { Hue: 90 } });
    const reasons = Object.fromEntries(result.rejected.map((r) => [`${r.device}.${r.param ?? ""}`, r.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ["Left.Brightness", "Left.Colour", "Left.Mode", "Left.Power", "Left.Speed", "Left.Watts", "Middle."]);
    assert.match(reasons["Left.Brightness"]!, /above the maximum 100/);
    assert.match(reasons["Left.Power"]!, /not a bool/);
    assert.match(reasons["Left.Watts"]!, /not writable/);
    assert.match(reasons["Middle."]!, /unknown device/);
    assert.equal(rig.log.find({ level: "warn", tag: "params" }).length, result.rejected.length);
    assert.equal(rt.get("Left", "Power"), false);
  });

  it("a driver write that throws is logged, not echoed and not stored; other devices still apply", () => {
    const calls: Call[] = [];
    const rig = createRig();
    const rt = createNodeRuntime(recordingApp(calls, { device: "Left" }), rig);
    rt.start();
    const result = rt.apply({ accepted: { Left: { Power: true }, Right: { Power: true } }, rejected: [] });
    assert.deepEqual(result.echo, { Right: { Power: true } });
    assert.deepEqual(result.rejected, [{ device: "Left", param: "Power", reason: "write failed: bus fault" }]);
    assert.equal(rt.get("Left", "Power"), false);
    assert.equal(rt.get("Right", "Power"), true);
    assert.equal(rig.log.find({ level: "error", includes: "bus fault" }).length >= 1, true);
  });

  it("keeps Name writes itself (never passed to the driver) and echoes them", () => {
    const calls: Call[] = [];
    const rig = createRig();
    const rt = createNodeRuntime(recordingApp(calls), rig);
    rt.start();
    calls.length = 0;
    const result = rt.apply({ accepted: { Left: { Name: "Reading lamp" } }, rejected: [] });
    assert.deepEqual(calls, []);
    assert.deepEqual(result.echo, { Left: { Name: "Reading lamp" } });
    assert.equal(rt.get("Left", "Name"), "Reading lamp");
  });

  it("an echoed value leaves the pending delta; a local set joins it", () => {
    const rig = createRig();
    const rt = createNodeRuntime(recordingApp([]), rig);
    rt.start();
    rt.set("Left", "Hue", 10, "local");
    rt.set("Right", "Hue", 20, "local");
    rt.apply({ accepted: { Left: { Hue: 30 } }, rejected: [] });
    assert.deepEqual(rt.takeDelta(), { Right: { Hue: 20 } });
  });

  it("passes a decoder's document error through as a rejection", () => {
    const rt = createNodeRuntime(recordingApp([]), createRig());
    const desc = rt.describe("n");
    const result = rt.apply(decodeRemoteSet("{not json", desc));
    assert.deepEqual(result.echo, {});
    assert.equal(result.rejected.length, 1);
  });

  it("works end to end with decodeRemoteSet on wire text [spec 2.1 remote set]", () => {
    const calls: Call[] = [];
    const rt = createNodeRuntime(recordingApp(calls), createRig());
    rt.start();
    calls.length = 0;
    const result = rt.apply(decodeRemoteSet('{"Left":{"Power":true,"Brightness":60},"Right":{"Brightness":"x"}}', rt.describe("n")));
    assert.deepEqual(calls.map((c) => [c.device, c.changed]), [["Left", { power: true, brightness: 60 }]]);
    assert.deepEqual(result.echo, { Left: { Power: true, Brightness: 60 } });
    assert.deepEqual(result.rejected.map((r) => [r.device, r.param]), [["Right", "Brightness"]]);
  });

  it("malformed sets are refused with reasons and never throw", () => {
    const rig = createRig();
    const rt = createNodeRuntime(recordingApp([]), rig);
    rt.start();
    assert.deepEqual(rt.apply({ accepted: { Left: 5, Right: [true] } as never, rejected: [] }).rejected.map((r) => [r.device, r.reason]), [
      ["Left", "device entry is not an object"],
      ["Right", "device entry is not an object"],
    ]);
    assert.deepEqual(rt.apply({ accepted: "x" as never, rejected: [] }).rejected.map((r) => r.reason), ["params document is not an object"]);
    assert.doesNotThrow(() => rt.apply(null as never));
    assert.deepEqual(rt.apply({ accepted: { Left: { Mode: { nested: [1] } } } as never, rejected: [] }).echo, {});
    assert.equal(rt.get("Left", "Mode"), "white");
  });

  it("property: random remote writes never put a param out of its type or bounds", () => {
    const anyValue: fc.Arbitrary<ParamValue> = fc.oneof(
      fc.boolean(), fc.integer({ min: -1000, max: 10_000 }), fc.double({ noNaN: false }), fc.string({ maxLength: 8 }),
      fc.constantFrom("white", "colour", null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
    );
    const paramName = fc.constantFrom("Name", "Power", "Brightness", "Hue", "Mode", "Watts", "Bogus");
    const deviceName = fc.constantFrom("Left", "Right", "Nowhere");
    const write = fc.dictionary(deviceName, fc.dictionary(paramName, anyValue, { maxKeys: 5 }), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 6 }), fc.boolean(), (writes, viaDecoder) => {
        const rt = createNodeRuntime(recordingApp([]), createRig());
        rt.start();
        const desc = rt.describe("n");
        for (const doc of writes) {
          const set = viaDecoder ? decodeRemoteSet(JSON.stringify(doc), desc) : { accepted: doc as never, rejected: [] };
          const result = rt.apply(set);
          for (const [device, values] of Object.entries(result.echo)) {
            for (const [name, value] of Object.entries(values)) assert.deepEqual(rt.get(device, name), value);
          }
        }
        for (const device of desc.devices) {
          for (const p of device.params) assert.equal(checkParamValue(p, rt.get(device.name, p.name)), undefined, `${device.name}.${p.name}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});

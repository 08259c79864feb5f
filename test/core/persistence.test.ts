import assert from "node:assert/strict";
import fc from "fast-check";
import {
  createNodeRuntime, createParamStore, decodeFromKv, defineDriver, devices, encodeForKv, node, PARAM_NAMESPACE, params, persistKey,
} from "../../firmware/core";
import type { ChangeSource, ParamDescription } from "../../firmware/core";
import { KV_LIMITS } from "../../firmware/protocol/limits";
import { createMemoryKv } from "../../host-sim/fakes/kv";
import { createMemoryLog } from "../../host-sim/fakes/log";
import { createRig } from "./rig";

interface Call { changed: Record<string, unknown>; source: ChangeSource }

function app(calls: Call[]) {
  const heater = defineDriver({
    device: devices.switch({ primary: "power" }),
    params: {
      power: params.power(false, { persist: true }),
      setpoint: params.float("Setpoint", 20.5, { persist: true, bounds: { min: 5, max: 30 } }),
      level: params.int("Level", 1, { persist: true, bounds: { min: 0, max: 3 } }),
      label: params.string("Label", "", { persist: true }),
      plan: params.array("Plan", [], { persist: true }),
      volatile: params.int("Volatile", 0),
    },
    io: {},
    write(_io, changed, _ctx, source) {
      calls.push({ changed: { ...changed }, source });
    },
  });
  return node({ name: "N", type: "T" }).add(heater, { name: "Heater", io: {} });
}

const desc = (dataType: ParamDescription["dataType"], extra: Partial<ParamDescription> = {}): ParamDescription =>
  ({ name: "P", dataType, properties: { read: true, write: true, persist: true }, ...extra });

describe("core: param persistence", () => {
  it("flash keys are 8 chars, stable, and distinct for distinct params", () => {
    const key = persistKey("Light", "Brightness");
    assert.match(key, /^p[0-9a-z]{7}$/);
    assert.ok(key.length <= KV_LIMITS.maxNameLength);
    assert.equal(persistKey("Light", "Brightness"), key);
    assert.notEqual(persistKey("Light", "Power"), key);
    assert.notEqual(persistKey("LightB", "rightness"), key);
    fc.assert(fc.property(fc.string(), fc.string(), (d, p) => persistKey(d, p).length === 8));
  });

  it("encodes floats as strings and round-trips every data type exactly", () => {
    assert.equal(encodeForKv(desc("float"), 21.25), "21.25");
    assert.equal(encodeForKv(desc("int"), -7), -7);
    assert.equal(encodeForKv(desc("bool"), true), true);
    assert.equal(encodeForKv(desc("array"), [1, "a"]), '[1,"a"]');
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => decodeFromKv(desc("float"), encodeForKv(desc("float"), x) as string) === x));
    fc.assert(fc.property(fc.integer({ min: KV_LIMITS.minInt, max: KV_LIMITS.maxInt }), (n) => decodeFromKv(desc("int"), encodeForKv(desc("int"), n) as number) === n));
  });

  it("refuses values over 4000 bytes and values that no longer fit the param", () => {
    const big = "é".repeat(2001);
    assert.match((encodeForKv(desc("string"), big) as { error: string }).error, /4002 bytes/);
    assert.equal(decodeFromKv(desc("int", { bounds: { min: 0, max: 3 } }), 9), undefined);
    assert.equal(decodeFromKv(desc("float"), 3), undefined);
    assert.equal(decodeFromKv(desc("object"), "{broken"), undefined);
    assert.equal(decodeFromKv(desc("bool"), "true"), undefined);
  });

  it("stores every change of a persist-flagged param and nothing else", () => {
    const rig = createRig();
    const rt = createNodeRuntime(app([]), rig);
    rt.start();
    rt.apply({ accepted: { Heater: { Power: true, Setpoint: 22.75, Label: "hall", Plan: [1, 2], Volatile: 3, Name: "Hall heater" } }, rejected: [] });
    const stored = rig.kv.snapshot()[PARAM_NAMESPACE]!;
    assert.equal(stored[persistKey("Heater", "Power")], true);
    assert.equal(stored[persistKey("Heater", "Setpoint")], "22.75");
    assert.equal(stored[persistKey("Heater", "Plan")], "[1,2]");
    assert.equal(stored[persistKey("Heater", "Name")], "Hall heater");
    assert.equal(stored[persistKey("Heater", "Volatile")], undefined);
    for (const key of Object.keys(stored)) assert.ok(key.length <= KV_LIMITS.maxNameLength);
  });

  it("restores at boot and calls write once with source init", () => {
    const kv = createMemoryKv();
    const first = createNodeRuntime(app([]), createRig(kv));
    first.start();
    first.apply({ accepted: { Heater: { Power: true, Setpoint: 18.5, Level: 3, Name: "Hall" } }, rejected: [] });
    first.stop();

    const calls: Call[] = [];
    const second = createNodeRuntime(app(calls), createRig(kv));
    second.start();
    assert.deepEqual(calls, [{ changed: { power: true, setpoint: 18.5, level: 3, label: "", plan: [], volatile: 0 }, source: "init" }]);
    assert.equal(second.get("Heater", "Name"), "Hall");
    assert.equal(second.takeDelta(), undefined);
  });

  it("drops a stored value that no longer fits (logged, deleted) and sweeps keys of removed params", () => {
    const kv = createMemoryKv({ initial: { [PARAM_NAMESPACE]: { [persistKey("Heater", "Level")]: 99, [persistKey("Gone", "Power")]: true, other: 1 } } });
    const rig = createRig(kv);
    const rt = createNodeRuntime(app([]), rig);
    rt.start();
    assert.equal(rt.get("Heater", "Level"), 1);
    assert.deepEqual(Object.keys(kv.snapshot()[PARAM_NAMESPACE] ?? {}), ["other"]);
    assert.equal(rig.log.find({ level: "warn", includes: "Heater.Level" }).length, 1);
  });

  it("a value too big for flash is applied but not persisted, and the stale copy is removed", () => {
    const rig = createRig();
    const rt = createNodeRuntime(app([]), rig);
    rt.start();
    rt.apply({ accepted: { Heater: { Label: "short" } }, rejected: [] });
    const result = rt.apply({ accepted: { Heater: { Label: "x".repeat(KV_LIMITS.maxValueBytes + 1) } }, rejected: [] });
    assert.equal(Object.keys(result.echo).length, 1);
    assert.equal(rig.kv.get(PARAM_NAMESPACE, persistKey("Heater", "Label")), undefined);
    assert.equal(rig.log.find({ level: "warn", includes: "not persisted" }).length, 1);
  });

  it("a failing flash write is logged and does not crash the write", () => {
    const kv = createMemoryKv({ persist: () => { throw new Error("flash worn out"); } });
    const rig = createRig(kv);
    const rt = createNodeRuntime(app([]), rig);
    rt.start();
    const result = rt.apply({ accepted: { Heater: { Power: true } }, rejected: [] });
    assert.deepEqual(result.echo, { Heater: { Power: true } });
    assert.equal(rig.log.find({ level: "error", includes: "flash worn out" }).length, 1);
  });

  it("detects flash key collisions when the runtime is built", () => {
    assert.throws(() => createNodeRuntime(app([]), { ...createRig(), persistKey: () => "psame" }), /collides with Heater\.Name/);
  });

  it("the store reports unreadable flash without throwing", () => {
    const log = createMemoryLog();
    const broken = { get() { throw new Error("io"); }, set() {}, delete() {}, keys() { throw new Error("io"); } };
    const store = createParamStore(broken, log);
    assert.equal(store.load("D", desc("int"), "pk"), undefined);
    store.sweep(new Set());
    assert.equal(log.find({ level: "error" }).length, 2);
  });
});

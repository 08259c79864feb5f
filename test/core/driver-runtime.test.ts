import assert from "node:assert/strict";
import { createNodeRuntime, defineDriver, devices, node, params } from "../../firmware/core";
import type { ParamsDocument } from "../../firmware/core";
import { createRig, settle } from "./rig";

const meter = defineDriver({
  device: devices.other("esp.device.other"),
  params: { volts: params.float("Volts", 0, { readOnly: true }), relay: params.power(false) },
  io: { sense: "analog", relay: "digital-out" },
  pollMs: 1000,
  write({ relay }, changed) {
    if (changed.relay !== undefined) relay.write(changed.relay ? 1 : 0);
  },
  sample: ({ sense }) => ({ volts: Math.round((sense.read() / ((1 << sense.resolution) - 1)) * 330) / 100 }),
});

describe("core: driver runtime", () => {
  it("opens IO roles from per-instance pins and writes the initial values at start", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).add(meter, { name: "Meter", io: { sense: { pin: 34, resolution: 10 }, relay: { pin: 5 } } }), rig);
    rt.start();
    assert.equal(rig.io.pin(5).mode, "output");
    assert.deepEqual(rig.io.pin(5).writes, [0]);
    assert.throws(() => rig.io.analogChannel(34).open({ pin: 34 }), /already open/);
    rt.stop();
    assert.equal(rig.io.pin(5).mode, undefined);
  });

  it("polls through the clock, reports only changed values, coalesced after the debounce", async () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).add(meter, { name: "Meter", io: { sense: { pin: 34 }, relay: { pin: 5 } }, pollMs: 500 }), { ...rig, debounceMs: 50 });
    const deltas: ParamsDocument[] = [];
    rt.onDelta((d) => deltas.push(d));
    rig.io.analogChannel(34).setFraction(0.5);
    rt.start();
    await settle();
    rig.clock.advance(50);
    assert.deepEqual(deltas, [{ Meter: { Volts: 1.65 } }]);
    rig.clock.advance(1000);
    await settle();
    rig.clock.advance(100);
    assert.equal(deltas.length, 1, "no delta when the sample did not change");
    rig.io.analogChannel(34).setFraction(1);
    rig.clock.advance(500);
    await settle();
    rig.clock.advance(50);
    assert.deepEqual(deltas[1], { Meter: { Volts: 3.3 } });
  });

  it("a sample that throws or returns bad values is logged and changes nothing", async () => {
    let mode: "throw" | "bad" | "unknown" = "throw";
    const flaky = defineDriver({
      device: devices.temperatureSensor(),
      io: {},
      sample: () => {
        if (mode === "throw") throw new Error("sensor gone");
        return mode === "bad" ? { temperature: Number.NaN } : ({ nope: 1 } as never);
      },
    });
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).add(flaky, { name: "T", io: {} }), rig);
    rt.start();
    await rt.sampleAll();
    mode = "bad";
    await rt.sampleAll();
    mode = "unknown";
    await rt.sampleAll();
    assert.equal(rt.get("T", "Temperature"), 0);
    assert.equal(rt.takeDelta(), undefined);
    assert.equal(rig.log.find({ level: "warn", includes: "sensor gone" }).length >= 1, true);
    assert.equal(rig.log.find({ level: "warn", includes: "not a finite number" }).length, 1);
    assert.equal(rig.log.find({ level: "warn", includes: "unknown param" }).length, 1);
  });

  it("a device whose IO cannot open is logged, refuses writes, and the rest of the node runs", () => {
    const rig = createRig();
    rig.io.pin(5).open({ pin: 5, mode: "output" });
    const app = node({ name: "N", type: "T" })
      .add(meter, { name: "Broken", io: { sense: { pin: 34 }, relay: { pin: 5 } } })
      .add(meter, { name: "Fine", io: { sense: { pin: 35 }, relay: { pin: 6 } } });
    const rt = createNodeRuntime(app, rig);
    rt.start();
    assert.equal(rig.log.find({ level: "error", tag: "drv:Broken" }).length, 1);
    assert.doesNotThrow(() => rig.io.analogChannel(34).open({ pin: 34 }).close(), "the failed device released its other IO");
    const result = rt.apply({ accepted: { Broken: { Power: true }, Fine: { Power: true } }, rejected: [] });
    assert.deepEqual(result.echo, { Fine: { Power: true } });
    assert.match(result.rejected[0]!.reason, /device unavailable/);
    assert.equal(rig.io.pin(6).output, 1);
  });

  it("a missing pin is a clear start error for that device", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).add(meter, { name: "M", io: { relay: { pin: 5 } } as never }), rig);
    rt.start();
    assert.match(rig.log.find({ level: "error" })[0]!.message, /"sense" needs an integer pin/);
  });

  it("a driver can write another device's param through the runtime (validated, reported)", () => {
    const remote = defineDriver({
      io: {},
      start(_io, ctx) {
        assert.equal(ctx.setParam("Meter", "Power", "on" as never), false);
        assert.equal(ctx.setParam("Meter", "Power", true), true);
      },
    });
    const rig = createRig();
    const app = node({ name: "N", type: "T" })
      .add(meter, { name: "Meter", io: { sense: { pin: 34 }, relay: { pin: 5 } } })
      .add(remote, { name: "Remote", io: {} });
    const rt = createNodeRuntime(app, rig);
    rt.start();
    assert.equal(rig.io.pin(5).output, 1);
    assert.deepEqual(rt.takeDelta(), { Meter: { Power: true } });
  });
});

import assert from "node:assert/strict";
import { createNodeRuntime, defineDriver, devices, node, params } from "../../firmware/core";
import { createRig, settle } from "./rig";

// The driver from firmware/core/README.md, kept here so the documented example keeps compiling and working.
const smartPlug = defineDriver({
  device: devices.outlet,
  params: {
    current: params.float("Current", 0, { readOnly: true, timeSeries: true, bounds: { min: 0, max: 20 } }),
    limit: params.int("Limit", 10, { bounds: { min: 1, max: 16 }, persist: true }),
  },
  io: { relay: "digital-out", sense: "analog" },
  options: { activeLow: false },
  pollMs: 5_000,
  write({ relay }, changed, ctx) {
    if (changed.power !== undefined) relay.write(changed.power !== ctx.options.activeLow ? 1 : 0);
  },
  sample({ sense }, ctx) {
    const amps = Math.round((sense.read() / ((1 << sense.resolution) - 1)) * 2000) / 100;
    if (amps > ctx.values().limit) ctx.setParam(ctx.name, "Power", false);
    return { current: amps };
  },
});

describe("core: the README smart-plug example", () => {
  it("reports current, and trips the relay over the limit through the write path", async () => {
    const rig = createRig();
    const app = node({ name: "Desk", type: "Outlet" }).add(smartPlug, { name: "Heater Plug", io: { relay: { pin: 5 }, sense: { pin: 34 } } });
    const rt = createNodeRuntime(app, rig);
    rt.start();
    await settle();
    rt.apply({ accepted: { "Heater Plug": { Power: true, Limit: 8 } }, rejected: [] });
    assert.equal(rig.io.pin(5).output, 1);
    rig.io.analogChannel(34).setFraction(0.3);
    rig.clock.advance(5_000);
    await settle();
    assert.equal(rt.get("Heater Plug", "Current"), 6);
    assert.equal(rig.io.pin(5).output, 1);
    rig.io.analogChannel(34).setFraction(0.5);
    rig.clock.advance(5_000);
    await settle();
    assert.equal(rig.io.pin(5).output, 0);
    assert.deepEqual(rt.takeDelta(), { "Heater Plug": { Current: 10, Power: false } });
    assert.equal(rt.describe("n").devices[0]!.params.find((p) => p.name === "Current")!.properties.timeSeries, true);
  });
});

import assert from "node:assert/strict";
import { createNodeRuntime, devices, DeviceType, node, params } from "../../firmware/core";
import relay, { relayDriver } from "../../firmware/drivers/relay/relay";
import { createRig } from "./rig";

describe("driver: relay", () => {
  it("drives the pin from Power, starting off", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "Switch" }).add(relay, { name: "Switch", io: { relay: { pin: 4 } } }), rig);
    rt.start();
    assert.deepEqual(rig.io.pin(4).writes, [0]);
    rt.apply({ accepted: { Switch: { Power: true } }, rejected: [] });
    assert.equal(rig.io.pin(4).output, 1);
    rt.apply({ accepted: { Switch: { Name: "Kettle" } }, rejected: [] });
    assert.deepEqual(rig.io.pin(4).writes, [0, 1], "a Name write does not touch the relay");
    rt.apply({ accepted: { Switch: { Power: false } }, rejected: [] });
    assert.equal(rig.io.pin(4).output, 0);
  });

  it("inverts for active-low boards and works for other powered device kinds", () => {
    const rig = createRig();
    const app = node({ name: "N", type: "Outlet" }).add(relayDriver(devices.outlet()), { name: "Plug", io: { relay: { pin: 7 } }, options: { activeLow: true } });
    const rt = createNodeRuntime(app, rig);
    rt.start();
    assert.equal(rig.io.pin(7).output, 1);
    rt.apply({ accepted: { Plug: { Power: true } }, rejected: [] });
    assert.equal(rig.io.pin(7).output, 0);
    assert.equal(rt.describe("n").devices[0]!.type, DeviceType.Outlet);
  });

  it("restores a persisted Power to the pin at boot", () => {
    const rig = createRig();
    const persistent = relayDriver({ ...devices.switch(), params: { power: params.power(false, { persist: true }) } });
    const app = node({ name: "N", type: "Switch" }).add(persistent, { name: "Switch", io: { relay: { pin: 4 } } });
    const first = createNodeRuntime(app, rig);
    first.start();
    first.apply({ accepted: { Switch: { Power: true } }, rejected: [] });
    first.stop();
    const again = createRig(rig.kv);
    createNodeRuntime(app, again).start();
    assert.deepEqual(again.io.pin(4).writes, [1]);
  });
});

import assert from "node:assert/strict";
import { createNodeRuntime, node } from "../../firmware/core";
import button from "../../firmware/drivers/button/button";
import relay from "../../firmware/drivers/relay/relay";
import { createRig } from "./rig";

function setup(longTarget = "") {
  const rig = createRig();
  const resets: number[] = [];
  const app = node({ name: "N", type: "Switch" })
    .withSystemService({ factoryReset: true })
    .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
    .add(button, { name: "Button", io: { button: { pin: 0, pull: "up" } }, options: { target: "Switch", longTarget, longParam: longTarget ? "Factory-Reset" : "" } });
  const rt = createNodeRuntime(app, { ...rig, system: { factoryReset: () => resets.push(rig.clock.monotonic()) } });
  rt.start();
  const pin = rig.io.pin(0);
  const press = (ms: number): void => {
    pin.setInput(0);
    rig.clock.advance(ms);
    pin.setInput(1);
    rig.clock.advance(100);
  };
  return { rig, rt, pin, press, resets };
}

describe("driver: button", () => {
  it("a short press toggles the target's Power through the runtime", () => {
    const { rig, rt, press } = setup();
    assert.equal(rig.io.pin(0).mode, "input-pull-up");
    press(120);
    assert.equal(rt.get("Switch", "Power"), true);
    assert.equal(rig.io.pin(4).output, 1);
    assert.deepEqual(rt.takeDelta(), { Switch: { Power: true } });
    press(120);
    assert.equal(rig.io.pin(4).output, 0);
  });

  it("ignores bounces shorter than the debounce time", () => {
    const { rig, rt, pin } = setup();
    for (let i = 0; i < 5; i++) {
      pin.setInput(0);
      rig.clock.advance(5);
      pin.setInput(1);
      rig.clock.advance(5);
    }
    rig.clock.advance(200);
    assert.equal(rt.get("Switch", "Power"), false);
  });

  it("a chattering press counts once", () => {
    const { rig, rt, pin } = setup();
    pin.setInput(0);
    rig.clock.advance(3);
    pin.setInput(1);
    rig.clock.advance(3);
    pin.setInput(0);
    rig.clock.advance(200);
    pin.setInput(1);
    rig.clock.advance(3);
    pin.setInput(0);
    rig.clock.advance(3);
    pin.setInput(1);
    rig.clock.advance(200);
    assert.equal(rt.get("Switch", "Power"), true);
  });

  it("a long press sets the long target once while held, and its release does not toggle", () => {
    const { rig, rt, pin, resets } = setup("System");
    pin.setInput(0);
    rig.clock.advance(3100);
    assert.equal(rt.get("System", "Factory-Reset"), true);
    pin.setInput(1);
    rig.clock.advance(5000);
    assert.equal(resets.length, 1);
    assert.equal(rt.get("Switch", "Power"), false);
  });

  it("stops its timers when the node stops", () => {
    const { rig, rt, pin } = setup();
    pin.setInput(0);
    rt.stop();
    assert.doesNotThrow(() => rig.clock.advance(1000));
    assert.equal(rig.clock.pendingTimers(), 0);
  });
});

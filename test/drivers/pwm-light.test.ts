import assert from "node:assert/strict";
import fc from "fast-check";
import { createNodeRuntime, node } from "../../firmware/core";
import pwmLight, { hsvToRgb } from "../../firmware/drivers/pwm-light/pwm-light";
import { createRig } from "./rig";

function setup(commonAnode = false) {
  const rig = createRig();
  const app = node({ name: "N", type: "Lightbulb" }).add(pwmLight, {
    name: "Light", io: { red: { pin: 25, resolution: 8 }, green: { pin: 26, resolution: 8 }, blue: { pin: 27, resolution: 8 } }, options: { commonAnode },
  });
  const rt = createNodeRuntime(app, rig);
  rt.start();
  const rgb = () => [rig.io.pwmChannel(25).duty, rig.io.pwmChannel(26).duty, rig.io.pwmChannel(27).duty];
  return { rig, rt, rgb };
}

describe("driver: pwm-light", () => {
  it("HSV to RGB hits the primaries and greys", () => {
    assert.deepEqual(hsvToRgb(0, 100, 100), [1, 0, 0]);
    assert.deepEqual(hsvToRgb(120, 100, 100), [0, 1, 0]);
    assert.deepEqual(hsvToRgb(240, 100, 100), [0, 0, 1]);
    assert.deepEqual(hsvToRgb(60, 100, 50), [0.5, 0.5, 0]);
    assert.deepEqual(hsvToRgb(200, 0, 40), [0.4, 0.4, 0.4]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 360 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (h, s, v) => {
      const c = hsvToRgb(h, s, v);
      return c.every((x) => x >= 0 && x <= 1 + 1e-12) && Math.abs(Math.max(...c) - v / 100) < 1e-9;
    }));
  });

  it("is dark while off, then follows brightness, hue and saturation", () => {
    const { rt, rgb } = setup();
    assert.deepEqual(rgb(), [0, 0, 0]);
    rt.apply({ accepted: { Light: { Power: true } }, rejected: [] });
    assert.deepEqual(rgb(), [255, 255, 255]);
    rt.apply({ accepted: { Light: { Saturation: 100, Hue: 240, Brightness: 50 } }, rejected: [] });
    assert.deepEqual(rgb(), [0, 0, 128]);
    rt.apply({ accepted: { Light: { Power: false } }, rejected: [] });
    assert.deepEqual(rgb(), [0, 0, 0]);
    rt.apply({ accepted: { Light: { Power: true } }, rejected: [] });
    assert.deepEqual(rgb(), [0, 0, 128], "the colour survives power off/on");
  });

  it("inverts duties for common-anode LEDs", () => {
    const { rt, rgb } = setup(true);
    assert.deepEqual(rgb(), [255, 255, 255]);
    rt.apply({ accepted: { Light: { Power: true, Hue: 0, Saturation: 100 } }, rejected: [] });
    assert.deepEqual(rgb(), [0, 255, 255]);
  });

  it("out-of-range writes never reach the PWM", () => {
    const { rt, rig } = setup();
    const before = rig.io.pwmChannel(25).writes.length;
    const result = rt.apply({ accepted: { Light: { Brightness: 150, Hue: -1 } }, rejected: [] });
    assert.equal(result.rejected.length, 2);
    assert.equal(rig.io.pwmChannel(25).writes.length, before);
  });
});

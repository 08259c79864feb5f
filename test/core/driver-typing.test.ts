import assert from "node:assert/strict";
import { defineDriver, devices, params } from "../../firmware/core";
import type { ValuesOf } from "../../firmware/core";

// Compile-time checks (tsc -b type-checks this file): `changed` and `sample` are typed from the params.
const typed = defineDriver({
  device: devices.lightbulb({ brightness: true }),
  params: { mode: params.string("Mode", "eco"), level: params.int("Level", 1) },
  io: { led: "pwm", button: "digital-in", bus: "i2c" },
  options: { gamma: 2.2 },
  write(io, changed, ctx) {
    const power: boolean | undefined = changed.power;
    const brightness: number | undefined = changed.brightness;
    const mode: string | undefined = changed.mode;
    // @ts-expect-error: not a param of this driver
    void changed.hue;
    // @ts-expect-error: Power is a bool
    const wrong: string | undefined = changed.power;
    io.led.write(io.led.resolution);
    // @ts-expect-error: a PWM channel cannot be read
    io.led.read();
    io.bus.write(Uint8Array.of(1));
    const gamma: number = ctx.options.gamma;
    void [power, brightness, mode, wrong, gamma];
  },
  // @ts-expect-error: level must be a number
  sample: () => ({ level: "high" }),
});

describe("core: driver typing", () => {
  it("merges template and driver params under their keys", () => {
    assert.deepEqual(Object.keys(typed.params), ["power", "brightness", "mode", "level"]);
    const values: ValuesOf<typeof typed.params> = { power: true, brightness: 5, mode: "eco", level: 2 };
    assert.equal(values.level, 2);
  });
});

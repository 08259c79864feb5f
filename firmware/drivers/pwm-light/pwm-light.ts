// RGB LED or LED strip on three PWM channels (e.g. ESP32 LEDC), from Power/Brightness/Hue/Saturation.
// Colour model: HSV with V = Brightness (0 when Power is off).
import { defineDriver, devices } from "../../core/index";
import type { PwmLike } from "../../ports/io";

/** HSV (hue 0..360, saturation 0..100, value 0..100) to RGB fractions 0..1. */
export function hsvToRgb(hue: number, saturation: number, value: number): [number, number, number] {
  const h = (((hue % 360) + 360) % 360) / 60;
  const s = Math.min(1, Math.max(0, saturation / 100));
  const v = Math.min(1, Math.max(0, value / 100));
  const c = v * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = v - c;
  const sector = Math.floor(h);
  const [r, g, b] =
    sector === 0 ? [c, x, 0] : sector === 1 ? [x, c, 0] : sector === 2 ? [0, c, x] : sector === 3 ? [0, x, c] : sector === 4 ? [x, 0, c] : [c, 0, x];
  return [r + m, g + m, b + m];
}

function duty(channel: PwmLike, fraction: number, invert: boolean): number {
  const max = (1 << channel.resolution) - 1;
  const on = Math.round(Math.min(1, Math.max(0, fraction)) * max);
  return invert ? max - on : on;
}

/** RGB lightbulb: `io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } }`. */
export const pwmLight = defineDriver({
  device: devices.lightbulb({ brightness: 100, hue: 0, saturation: 0 }),
  io: { red: "pwm", green: "pwm", blue: "pwm" },
  options: { commonAnode: false },
  write(io, changed, ctx) {
    const now = { ...ctx.values(), ...changed };
    const rgb = hsvToRgb(now.hue, now.saturation, now.power ? now.brightness : 0);
    const invert = ctx.options.commonAnode;
    io.red.write(duty(io.red, rgb[0], invert));
    io.green.write(duty(io.green, rgb[1], invert));
    io.blue.write(duty(io.blue, rgb[2], invert));
  },
});
export default pwmLight;

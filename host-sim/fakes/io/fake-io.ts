import type { AnalogOptions, DigitalOptions, I2cOptions, IoPort, PwmOptions } from "../../../firmware/ports/io";
import { FakeAnalogChannel } from "./analog";
import { FakeDigitalPin } from "./digital";
import { FakeI2cBus } from "./i2c-bus";
import { FakePwmChannel } from "./pwm";

/** Virtual board: an {@link IoPort} plus the control surface of every pin, channel and bus it opened or will open. */
export interface FakeIo extends IoPort {
  /** The virtual pin `n` (created on first use). */
  pin(n: number): FakeDigitalPin;
  pwmChannel(n: number): FakePwmChannel;
  analogChannel(n: number): FakeAnalogChannel;
  /** The virtual I2C bus `port` (default 0). */
  i2cBus(port?: number): FakeI2cBus;
}

/** Build a virtual board. Pins are created lazily; the same number always returns the same pin object. */
export function createFakeIo(): FakeIo {
  const pins = new Map<number, FakeDigitalPin>();
  const pwms = new Map<number, FakePwmChannel>();
  const analogs = new Map<number, FakeAnalogChannel>();
  const buses = new Map<number, FakeI2cBus>();
  const lazy = <T>(map: Map<number, T>, key: number, make: () => T): T => {
    let item = map.get(key);
    if (!item) map.set(key, (item = make()));
    return item;
  };
  const io: FakeIo = {
    pin: (n) => lazy(pins, n, () => new FakeDigitalPin(n)),
    pwmChannel: (n) => lazy(pwms, n, () => new FakePwmChannel(n)),
    analogChannel: (n) => lazy(analogs, n, () => new FakeAnalogChannel(n)),
    i2cBus: (port = 0) => lazy(buses, port, () => new FakeI2cBus()),
    digital: (options: DigitalOptions) => io.pin(options.pin).open(options),
    pwm: (options: PwmOptions) => io.pwmChannel(options.pin).open(options),
    analog: (options: AnalogOptions) => io.analogChannel(options.pin).open(options),
    i2c: (options: I2cOptions) => io.i2cBus(options.port ?? 0).open(options),
  };
  return io;
}

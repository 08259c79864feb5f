import type { AnalogLike, DigitalLike, DigitalOptions, I2cLike, IoPort, PwmLike } from "../../ports/io";
import { asArrayBuffer } from "./buffers";

type Io = typeof device.io;

/** The host provider's ECMA-419 constructors (`globalThis.device`, set by the `system` module). */
function provider(): Io {
  const io = (globalThis as { device?: { io?: Io } }).device?.io;
  if (!io) throw new Error("no ECMA-419 IO on this platform (the simulator has no GPIO, PWM, ADC or I2C)");
  return io;
}

function digitalMode(io: Io, mode: DigitalOptions["mode"]): unknown {
  switch (mode) {
    case "input": return io.Digital.Input;
    case "input-pull-up": return io.Digital.InputPullUp;
    case "input-pull-down": return io.Digital.InputPullDown;
    case "output": return io.Digital.Output;
    default: throw new Error(`unknown digital mode ${String(mode)}`);
  }
}

function digitalEdge(io: Io, edge: DigitalOptions["edge"]): number | undefined {
  if (edge === undefined) return undefined;
  return edge === "rising" ? io.Digital.Rising : edge === "falling" ? io.Digital.Falling : io.Digital.Rising | io.Digital.Falling;
}

/** {@link IoPort} on ECMA-419 `embedded:io/*` classes from the board's host provider. */
export function createIo(): IoPort {
  return {
    digital(options): DigitalLike {
      const io = provider();
      const settings: Record<string, unknown> = { pin: options.pin, mode: digitalMode(io, options.mode) };
      const edge = digitalEdge(io, options.edge);
      if (edge !== undefined) settings["edge"] = edge;
      const onReadable = options.onReadable;
      if (onReadable) settings["onReadable"] = () => onReadable();
      const pin = new io.Digital(settings as ConstructorParameters<Io["Digital"]>[0]);
      return { read: () => pin.read(), write: (value) => pin.write(value), close: () => pin.close() };
    },
    pwm(options): PwmLike {
      const io = provider();
      const settings: Record<string, unknown> = { pin: options.pin };
      if (options.hz !== undefined) settings["hz"] = options.hz;
      if (options.resolution !== undefined) settings["resolution"] = options.resolution;
      const pwm = new io.PWM(settings as ConstructorParameters<Io["PWM"]>[0]) as InstanceType<Io["PWM"]> & { close(): void };
      return { resolution: pwm.resolution, write: (value) => pwm.write(value), close: () => pwm.close() };
    },
    analog(options): AnalogLike {
      const io = provider();
      const settings: Record<string, unknown> = { pin: options.pin };
      if (options.resolution !== undefined) settings["resolution"] = options.resolution;
      const adc = new io.Analog(settings as ConstructorParameters<Io["Analog"]>[0]) as InstanceType<Io["Analog"]> & { close(): void };
      return { resolution: adc.resolution, read: () => adc.read(), close: () => adc.close() };
    },
    i2c(options): I2cLike {
      const io = provider();
      const settings: Record<string, unknown> = { address: options.address, hz: options.hz ?? 100_000 };
      if (options.data !== undefined) settings["data"] = options.data;
      if (options.clock !== undefined) settings["clock"] = options.clock;
      if (options.port !== undefined) settings["port"] = options.port;
      const bus = new io.I2C(settings as ConstructorParameters<Io["I2C"]>[0]) as InstanceType<Io["I2C"]> & { close(): void };
      return {
        read: (count) => new Uint8Array(bus.read(count)),
        write: (data, stop = true) => bus.write(asArrayBuffer(data), stop),
        close: () => bus.close(),
      };
    },
  };
}

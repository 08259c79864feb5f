import type { AnalogLike, AnalogOptions } from "../../../firmware/ports/io";
import { FakeIoError } from "./errors";

/** One virtual ADC input. Set the applied signal as a fraction of full scale; reads scale it to the resolution. */
export class FakeAnalogChannel {
  readonly pin: number;
  private signal = 0;
  private opened: object | undefined;

  constructor(pin: number) {
    this.pin = pin;
  }

  /** Applied signal, 0..1 of full scale. */
  get fraction(): number {
    return this.signal;
  }

  /** Apply a signal as a fraction 0..1 of full scale (clamped). */
  setFraction(fraction: number): void {
    if (Number.isNaN(fraction)) throw new FakeIoError("bad-arg", `analog pin ${this.pin}: NaN signal`);
    this.signal = Math.min(1, Math.max(0, fraction));
  }

  open(options: AnalogOptions): AnalogLike {
    if (this.opened) throw new FakeIoError("busy", `analog pin ${this.pin} is already open`);
    const resolution = options.resolution ?? 12;
    if (!Number.isInteger(resolution) || resolution < 1 || resolution > 16) {
      throw new FakeIoError("bad-arg", `analog pin ${this.pin}: resolution ${resolution} not in 1..16`);
    }
    const token = {};
    this.opened = token;
    const max = (1 << resolution) - 1;
    return {
      resolution,
      read: () => {
        if (this.opened !== token) throw new FakeIoError("closed", `analog pin ${this.pin} is closed`);
        return Math.round(this.signal * max);
      },
      close: () => {
        if (this.opened === token) this.opened = undefined;
      },
    };
  }
}

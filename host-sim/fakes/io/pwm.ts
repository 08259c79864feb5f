import type { PwmLike, PwmOptions } from "../../../firmware/ports/io";
import { FakeIoError } from "./errors";

/** One virtual PWM output; the control surface exposes the last duty and its history. */
export class FakePwmChannel {
  readonly pin: number;
  readonly writes: number[] = [];
  private openOptions: Required<PwmOptions> | undefined;
  private lastDuty = 0;

  constructor(pin: number) {
    this.pin = pin;
  }

  /** Last duty written (0 before any write). */
  get duty(): number {
    return this.lastDuty;
  }

  /** Duty as a fraction 0..1 of the full scale of the current (or last) resolution. */
  get fraction(): number {
    const resolution = this.openOptions?.resolution ?? 10;
    return this.lastDuty / ((1 << resolution) - 1);
  }

  get hz(): number | undefined {
    return this.openOptions?.hz;
  }

  open(options: PwmOptions): PwmLike {
    if (this.openOptions) throw new FakeIoError("busy", `pwm pin ${this.pin} is already open`);
    const resolution = options.resolution ?? 10;
    if (!Number.isInteger(resolution) || resolution < 1 || resolution > 16) {
      throw new FakeIoError("bad-arg", `pwm pin ${this.pin}: resolution ${resolution} not in 1..16`);
    }
    const token: Required<PwmOptions> = { pin: options.pin, hz: options.hz ?? 1000, resolution };
    this.openOptions = token;
    const max = (1 << resolution) - 1;
    return {
      resolution,
      write: (value) => {
        if (this.openOptions !== token) throw new FakeIoError("closed", `pwm pin ${this.pin} is closed`);
        if (!Number.isInteger(value) || value < 0 || value > max) {
          throw new FakeIoError("bad-arg", `pwm pin ${this.pin}: duty ${value} not in 0..${max}`);
        }
        this.lastDuty = value;
        this.writes.push(value);
      },
      close: () => {
        if (this.openOptions === token) this.openOptions = undefined;
      },
    };
  }
}

import type { DigitalLike, DigitalOptions } from "../../../firmware/ports/io";
import { FakeIoError } from "./errors";

type Level = 0 | 1;

/**
 * One virtual GPIO pin. The control surface (`setInput`, `output`, `writes`) is what a test or the
 * simulator CLI drives; `open()` hands out the ECMA-419-shaped `DigitalLike` a driver sees.
 */
export class FakeDigitalPin {
  readonly pin: number;
  /** Every level written while in output mode, oldest first. */
  readonly writes: Level[] = [];
  private external: Level | undefined;
  private driven: Level = 0;
  private openOptions: DigitalOptions | undefined;

  constructor(pin: number) {
    this.pin = pin;
  }

  /** Mode of the current open, or undefined while closed. */
  get mode(): DigitalOptions["mode"] | undefined {
    return this.openOptions?.mode;
  }

  /** Last level the firmware wrote (0 before any write). */
  get output(): Level {
    return this.driven;
  }

  /** Level an input read returns: the externally applied level, else the pull, else 0. */
  get level(): Level {
    if (this.external !== undefined) return this.external;
    if (this.openOptions?.mode === "output") return this.driven;
    return this.openOptions?.mode === "input-pull-up" ? 1 : 0;
  }

  /** Drive the pin from outside (a button, another chip); `undefined` lets it float to its pull. */
  setInput(level: Level | undefined): void {
    const before = this.level;
    this.external = level;
    const after = this.level;
    if (before !== after) this.notifyEdge(before, after);
  }

  open(options: DigitalOptions): DigitalLike {
    if (this.openOptions) throw new FakeIoError("busy", `pin ${this.pin} is already open`);
    const edge = options.edge;
    if (options.onReadable && !edge) throw new FakeIoError("bad-arg", `pin ${this.pin}: onReadable needs an edge`);
    this.openOptions = { ...options };
    const token = this.openOptions;
    const check = (): void => {
      if (this.openOptions !== token) throw new FakeIoError("closed", `pin ${this.pin} is closed`);
    };
    return {
      read: () => {
        check();
        return this.level;
      },
      write: (value) => {
        check();
        if (token.mode !== "output") throw new FakeIoError("bad-arg", `pin ${this.pin} is not an output`);
        if (value !== 0 && value !== 1) throw new FakeIoError("bad-arg", `pin ${this.pin}: level must be 0 or 1`);
        this.driven = value;
        this.writes.push(value);
      },
      close: () => {
        if (this.openOptions === token) this.openOptions = undefined;
      },
    };
  }

  private notifyEdge(before: Level, after: Level): void {
    const options = this.openOptions;
    if (!options?.onReadable || options.mode === "output") return;
    const rising = before === 0 && after === 1;
    if (options.edge === "both" || (options.edge === "rising") === rising) options.onReadable();
  }
}

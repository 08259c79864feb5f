/**
 * IO shapes: the subsets of ECMA-419 (`embedded:io/*`) that drivers use. On a board these are the
 * real ECMA-419 objects; in the simulator they are virtual hardware from `host-sim/fakes/`.
 */

/** `embedded:io/digital` (input or output). */
export interface DigitalLike {
  read(): 0 | 1;
  write(value: 0 | 1): void;
  close(): void;
}

/** `embedded:io/pwm`: duty value in `0 .. 2^resolution - 1`. */
export interface PwmLike {
  readonly resolution: number;
  write(value: number): void;
  close(): void;
}

/** `embedded:io/analog`: raw reading in `0 .. 2^resolution - 1`. */
export interface AnalogLike {
  readonly resolution: number;
  read(): number;
  close(): void;
}

/** `embedded:io/i2c` bound to one target address. Failed transfers throw. */
export interface I2cLike {
  /** Read `count` bytes from the target. */
  read(count: number): Uint8Array;
  /** Write bytes to the target; `stop` false keeps the bus for a repeated start. */
  write(data: Uint8Array, stop?: boolean): void;
  close(): void;
}

export interface DigitalOptions { pin: number; mode: "input" | "input-pull-up" | "input-pull-down" | "output"; edge?: "rising" | "falling" | "both"; onReadable?: () => void }
export interface PwmOptions { pin: number; hz?: number; resolution?: number }
export interface AnalogOptions { pin: number; resolution?: number }
export interface I2cOptions { address: number; hz?: number; data?: number; clock?: number; port?: number }

/** Opens IO objects; the board's host provider on Moddable, virtual hardware on the host. */
export interface IoPort {
  digital(options: DigitalOptions): DigitalLike;
  pwm(options: PwmOptions): PwmLike;
  analog(options: AnalogOptions): AnalogLike;
  i2c(options: I2cOptions): I2cLike;
}

import type { AnalogLike, DigitalLike, I2cLike, I2cOptions, PwmLike } from "../ports/io";

/** What a driver asks for per IO role; the runtime opens it through the `IoPort`. */
export type IoKind = "digital-out" | "digital-in" | "pwm" | "analog" | "i2c";

/** A driver's IO roles: `{ relay: "digital-out", sensor: "i2c" }`. */
export type IoRoles = Record<string, IoKind>;

/** The opened object a role of kind `K` gives the driver. */
export type IoObject<K extends IoKind> = K extends "digital-out" | "digital-in"
  ? DigitalLike
  : K extends "pwm"
    ? PwmLike
    : K extends "analog"
      ? AnalogLike
      : I2cLike;

export type OpenedIo<R extends IoRoles> = { readonly [K in keyof R]: IoObject<R[K]> };

/** Per-instance wiring of one role (pins from the board or the app). */
export type IoConfig<K extends IoKind> = K extends "digital-out"
  ? { pin: number }
  : K extends "digital-in"
    ? { pin: number; pull?: "up" | "down" }
    : K extends "pwm"
      ? { pin: number; hz?: number; resolution?: number }
      : K extends "analog"
        ? { pin: number; resolution?: number }
        : Omit<I2cOptions, "address"> & { address?: number };

export type IoConfigs<R extends IoRoles> = { [K in keyof R]: IoConfig<R[K]> };

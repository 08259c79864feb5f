import type { ClockPort } from "../ports/clock";
import type { LogLevel } from "../ports/log";
import type { ParamValue } from "../protocol/rainmaker/description";
import type { ChangeSource } from "./runtime/change-source";
import type { DeviceTemplate } from "./model/device";
import type { ParamSpecs, ValuesOf } from "./model/param";
import type { IoConfig, IoRoles, OpenedIo } from "./io-roles";

/** What a running driver instance can ask of the runtime. */
export interface DriverContext<P extends ParamSpecs, R extends IoRoles, O> {
  /** Device name of this instance (the key in params JSON). */
  readonly name: string;
  /** Instance options: the driver's defaults merged with the app's. */
  readonly options: Readonly<O>;
  readonly clock: ClockPort;
  log(level: LogLevel, message: string): void;
  /** Current values of this instance's params. */
  values(): Readonly<ValuesOf<P>>;
  /** Push values read from hardware outside `sample` (source `driver`); invalid ones are logged and dropped. */
  report(values: Partial<ValuesOf<P>>): void;
  /** Resolve after `ms` through the clock port. */
  delay(ms: number): Promise<void>;
  /** Call `handler` on every edge of a `digital-in` role. */
  onInput(role: keyof R & string, handler: () => void): void;
  /** Current value of any param of the node. */
  getParam(device: string, param: string): ParamValue | undefined;
  /**
   * Write a param of any device through the same path as a remote write (validated, the target
   * driver's `write` is called, the change is reported). Returns false when rejected.
   */
  setParam(device: string, param: string, value: ParamValue, source?: ChangeSource): boolean;
}

/** A driver declaration, as passed to {@link defineDriver}. */
export interface DriverDefinition<D extends ParamSpecs, P extends ParamSpecs, R extends IoRoles, O extends object> {
  /** Device kind (a template from `devices`, called or not). Omit for a driver with no device of its own (e.g. a button). */
  device?: DeviceTemplate<D> | (() => DeviceTemplate<D>);
  /** Params beyond the template's; a key that repeats a template key replaces it. */
  params?: P;
  /** IO roles the driver needs; the app wires each one to pins. */
  io: R;
  /** Default wiring per role, e.g. an I2C address. */
  ioDefaults?: { [K in keyof R]?: Partial<IoConfig<R[K]>> };
  /** Default instance options; the app may override any of them. */
  options?: O;
  /** Default poll period for `sample`, ms (the app may override per instance). */
  pollMs?: number;
  /** Called once after IO is open, before the first `write`; may return a cleanup run when the instance stops. */
  start?(io: OpenedIo<R>, ctx: DriverContext<D & P, R, O>): void | (() => void);
  /**
   * Apply accepted values to the hardware. `changed` holds only params of this device that were
   * written, already validated. Throwing rejects them all: nothing is stored or echoed.
   */
  write?(io: OpenedIo<R>, changed: Partial<ValuesOf<D & P>>, ctx: DriverContext<D & P, R, O>, source: ChangeSource): void;
  /** Read the hardware every poll; the runtime diffs, persists and reports what changed. */
  sample?(io: OpenedIo<R>, ctx: DriverContext<D & P, R, O>): Partial<ValuesOf<D & P>> | undefined | Promise<Partial<ValuesOf<D & P>> | undefined>;
  /** Called before IO is closed. */
  stop?(io: OpenedIo<R>, ctx: DriverContext<D & P, R, O>): void;
}

/** A defined driver: the declaration with the template resolved and params merged. */
export interface Driver<P extends ParamSpecs = ParamSpecs, R extends IoRoles = IoRoles, O extends object = object> {
  readonly template: DeviceTemplate<P> | undefined;
  readonly params: P;
  readonly io: R;
  readonly ioDefaults: { readonly [K in keyof R]?: Partial<IoConfig<R[K]>> };
  readonly options: Readonly<O>;
  readonly pollMs: number | undefined;
  readonly start: ((io: OpenedIo<R>, ctx: DriverContext<P, R, O>) => void | (() => void)) | undefined;
  readonly write: ((io: OpenedIo<R>, changed: Partial<ValuesOf<P>>, ctx: DriverContext<P, R, O>, source: ChangeSource) => void) | undefined;
  readonly sample: ((io: OpenedIo<R>, ctx: DriverContext<P, R, O>) => Partial<ValuesOf<P>> | undefined | Promise<Partial<ValuesOf<P>> | undefined>) | undefined;
  readonly stop: ((io: OpenedIo<R>, ctx: DriverContext<P, R, O>) => void) | undefined;
}

/**
 * Declare a driver: its device kind, params, IO roles and the `write`/`sample` hooks.
 * `write`'s `changed` and `sample`'s result are typed from the params.
 */
export function defineDriver<D extends ParamSpecs = {}, P extends ParamSpecs = {}, R extends IoRoles = {}, O extends object = {}>(
  definition: DriverDefinition<D, P, R, O>,
): Driver<D & P, R, O> {
  const template = typeof definition.device === "function" ? definition.device() : definition.device;
  const merged = { ...(template?.params ?? {}), ...(definition.params ?? {}) } as D & P;
  for (const key of Object.keys(merged)) {
    if (key === "name") throw new RangeError('driver param key "name" is reserved for the standard Name param');
  }
  if (definition.pollMs !== undefined && !(definition.pollMs > 0)) throw new RangeError(`pollMs must be > 0, got ${definition.pollMs}`);
  if (!template && Object.keys(merged).length > 0) throw new RangeError("a driver with params needs a device template");
  const resolved: Driver<D & P, R, O> = {
    template: template ? { ...template, params: merged } : undefined,
    params: Object.freeze(merged),
    io: Object.freeze({ ...definition.io }),
    ioDefaults: Object.freeze({ ...(definition.ioDefaults ?? {}) }) as Driver<D & P, R, O>["ioDefaults"],
    options: Object.freeze({ ...(definition.options ?? ({} as O)) }),
    pollMs: definition.pollMs,
    start: definition.start as Driver<D & P, R, O>["start"],
    write: definition.write as Driver<D & P, R, O>["write"],
    sample: definition.sample as Driver<D & P, R, O>["sample"],
    stop: definition.stop as Driver<D & P, R, O>["stop"],
  };
  return Object.freeze(resolved);
}

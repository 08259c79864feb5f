import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { DigitalOptions, IoPort } from "../../ports/io";
import type { LogLevel, LogPort } from "../../ports/log";
import type { ParamValue } from "../../protocol/rainmaker/description";
import type { DriverContext } from "../driver";
import type { IoKind } from "../io-roles";
import type { DeviceInstance } from "../model/node";
import type { ChangeSource } from "./change-source";

/** What driver instances need from the node runtime; one host serves every instance, by device name. */
export interface InstanceHost {
  valuesOf(device: string): Record<string, ParamValue>;
  reportFrom(device: string, values: Record<string, unknown>): void;
  getParam(device: string, param: string): ParamValue | undefined;
  setParam(device: string, param: string, value: ParamValue, source: ChangeSource): boolean;
}

/** One placed driver at run time: its opened IO, context and poll timer. */
export interface DriverInstance {
  /** Open every IO role; on failure closes what it opened and throws. */
  open(): void;
  start(): void;
  /** Call the driver's `write` with values by driver key; throws what the driver throws. */
  write(changed: Record<string, ParamValue>, source: ChangeSource): void;
  readonly writable: boolean;
  /** Run `sample` once now (skipped while one is in flight). */
  sample(): Promise<void>;
  startPolling(): void;
  close(): void;
}

type Closable = { close(): void };

/** The ports every driver instance of a node shares. */
export interface InstancePorts {
  readonly io: IoPort;
  readonly clock: ClockPort;
  readonly log: LogPort;
  readonly host: InstanceHost;
}

/** What a driver sees as `ctx`: methods on a shared prototype, state in the instance it serves. */
class InstanceContext implements DriverContext<never, never, object> {
  readonly #instance: RunningDriver;
  constructor(instance: RunningDriver) {
    this.#instance = instance;
  }
  get name(): string {
    return this.#instance.placed.name;
  }
  get options(): Readonly<object> {
    return this.#instance.placed.options;
  }
  get clock(): ClockPort {
    return this.#instance.ports.clock;
  }
  log(level: LogLevel, message: string): void {
    this.#instance.ports.log.log(level, `drv:${this.#instance.placed.name}`, message);
  }
  values(): never {
    return this.#instance.ports.host.valuesOf(this.#instance.placed.name) as never;
  }
  report(values: Partial<never>): void {
    this.#instance.ports.host.reportFrom(this.#instance.placed.name, values as Record<string, unknown>);
  }
  delay(ms: number): Promise<void> {
    const clock = this.#instance.ports.clock;
    return new Promise<void>((resolve) => void clock.setTimeout(resolve, ms));
  }
  onInput(role: string, handler: () => void): void {
    this.#instance.addInputHandler(role, handler);
  }
  getParam(device: string, param: string): ParamValue | undefined {
    return this.#instance.ports.host.getParam(device, param);
  }
  setParam(device: string, param: string, value: ParamValue, source: ChangeSource = "driver"): boolean {
    return this.#instance.ports.host.setParam(device, param, value, source);
  }
}

/** Calls the handlers of one `digital-in` role on an edge. */
class InputDispatch {
  constructor(readonly instance: RunningDriver, readonly role: string) {}
  readonly fire = (): void => this.instance.dispatchInput(this.role);
}

class RunningDriver implements DriverInstance {
  readonly placed: DeviceInstance;
  readonly ports: InstancePorts;
  readonly #ctx: InstanceContext;
  /** Opened IO by role; the driver's `io` argument. */
  readonly #opened: Record<string, Closable> = {};
  /** Handlers by digital-in role (created on the first `onInput`). */
  #inputs: Map<string, Array<() => void>> | undefined;
  #pollTimer: TimerHandle | undefined;
  #sampling = false;
  #closed = false;
  #started = false;
  #cleanup: (() => void) | void = undefined;

  constructor(placed: DeviceInstance, ports: InstancePorts) {
    this.placed = placed;
    this.ports = ports;
    this.#ctx = new InstanceContext(this);
  }

  get writable(): boolean {
    return this.placed.driver.write !== undefined;
  }

  #log(level: LogLevel, message: string): void {
    this.ports.log.log(level, `drv:${this.placed.name}`, message);
  }

  addInputHandler(role: string, handler: () => void): void {
    if (this.placed.driver.io[role] !== "digital-in") throw new RangeError(`${this.placed.name}: onInput needs a digital-in role, "${role}" is not one`);
    this.#inputs ??= new Map();
    const list = this.#inputs.get(role);
    if (list) list.push(handler);
    else this.#inputs.set(role, [handler]);
  }

  dispatchInput(role: string): void {
    for (const handler of this.#inputs?.get(role) ?? []) {
      try {
        handler();
      } catch (error) {
        this.#log("error", `input handler for ${role} failed: ${String(error)}`);
      }
    }
  }

  #openRole(role: string, kind: IoKind): Closable {
    const { io } = this.ports;
    const name = this.placed.name;
    const config = { ...(this.placed.driver.ioDefaults[role] ?? {}), ...(this.placed.io[role] ?? {}) } as Record<string, unknown>;
    const pin = config.pin as number;
    const needsPin = kind === "digital-out" || kind === "digital-in" || kind === "pwm" || kind === "analog";
    if (needsPin && !Number.isInteger(pin)) {
      throw new RangeError(`${name}: IO role "${role}" needs an integer pin`);
    }
    switch (kind) {
      case "digital-out":
        return io.digital({ pin, mode: "output" });
      case "digital-in": {
        const mode: DigitalOptions["mode"] = config.pull === "up" ? "input-pull-up" : config.pull === "down" ? "input-pull-down" : "input";
        return io.digital({ pin, mode, edge: "both", onReadable: new InputDispatch(this, role).fire });
      }
      case "pwm":
        return io.pwm({ pin, ...(config.hz !== undefined ? { hz: config.hz as number } : {}), ...(config.resolution !== undefined ? { resolution: config.resolution as number } : {}) });
      case "analog":
        return io.analog({ pin, ...(config.resolution !== undefined ? { resolution: config.resolution as number } : {}) });
      case "i2c":
        if (!Number.isInteger(config.address)) throw new RangeError(`${name}: IO role "${role}" needs an I2C address`);
        return io.i2c(config as unknown as Parameters<IoPort["i2c"]>[0]);
      default:
        throw new RangeError(`${name}: unknown IO kind "${String(kind)}" for role "${role}"`);
    }
  }

  #closeAll(): void {
    const opened = this.#opened;
    for (const role of Object.keys(opened)) {
      try {
        opened[role]!.close();
      } catch (error) {
        this.#log("warn", `closing ${role} failed: ${String(error)}`);
      }
      delete opened[role];
    }
  }

  #io(): never {
    return this.#opened as never;
  }

  open(): void {
    const opened = this.#opened;
    try {
      const roles = this.placed.driver.io;
      for (const role of Object.keys(roles)) opened[role] = this.#openRole(role, roles[role]!);
    } catch (error) {
      this.#closeAll();
      throw error;
    }
  }

  start(): void {
    this.#started = true;
    this.#cleanup = this.placed.driver.start?.(this.#io(), this.#ctx as never);
  }

  write(changed: Record<string, ParamValue>, source: ChangeSource): void {
    this.placed.driver.write?.(this.#io(), changed as never, this.#ctx as never, source);
  }

  async sample(): Promise<void> {
    const driver = this.placed.driver;
    if (!driver.sample || this.#sampling || this.#closed) return;
    this.#sampling = true;
    try {
      const values = await driver.sample(this.#io(), this.#ctx as never);
      if (values && !this.#closed) this.ports.host.reportFrom(this.placed.name, values as Record<string, unknown>);
    } catch (error) {
      this.#log("warn", `sample failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#sampling = false;
    }
  }

  startPolling(): void {
    const pollMs = this.placed.pollMs;
    if (!this.placed.driver.sample || pollMs === undefined || this.#pollTimer !== undefined) return;
    this.#pollTimer = this.ports.clock.setInterval(() => void this.sample(), pollMs);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.ports.clock.clear(this.#pollTimer);
    this.#pollTimer = undefined;
    try {
      const cleanup = this.#cleanup;
      if (typeof cleanup === "function") cleanup();
      if (this.#started) this.placed.driver.stop?.(this.#io(), this.#ctx as never);
    } catch (error) {
      this.#log("warn", `stop failed: ${String(error)}`);
    }
    this.#closeAll();
  }
}

/** A driver instance for `placed`, on ports shared by the whole node. */
export function createDriverInstance(placed: DeviceInstance, ports: InstancePorts): DriverInstance {
  return new RunningDriver(placed, ports);
}

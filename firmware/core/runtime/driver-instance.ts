import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { DigitalOptions, IoPort } from "../../ports/io";
import type { LogPort } from "../../ports/log";
import type { ParamValue } from "../../protocol/rainmaker/description";
import type { DriverContext } from "../driver";
import type { IoKind } from "../io-roles";
import type { DeviceInstance } from "../model/node";
import type { ChangeSource } from "./change-source";

/** What a driver instance needs from the node runtime. */
export interface InstanceHost {
  values(): Record<string, ParamValue>;
  report(values: Record<string, unknown>): void;
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

type AnyIo = Record<string, never>;

export function createDriverInstance(instance: DeviceInstance, io: IoPort, clock: ClockPort, log: LogPort, host: InstanceHost): DriverInstance {
  const driver = instance.driver;
  const tag = `drv:${instance.name}`;
  const opened: Record<string, { close(): void }> = {};
  const inputHandlers = new Map<string, Array<() => void>>();
  let pollTimer: TimerHandle | undefined;
  let sampling = false;
  let closed = false;
  let started = false;
  let cleanup: (() => void) | void = undefined;

  const ctx: DriverContext<never, never, object> = {
    name: instance.name,
    options: instance.options,
    clock,
    log: (level, message) => log.log(level, tag, message),
    values: () => host.values() as never,
    report: (values) => host.report(values as Record<string, unknown>),
    delay: (ms) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms)),
    onInput(role, handler) {
      if (driver.io[role] !== "digital-in") throw new RangeError(`${instance.name}: onInput needs a digital-in role, "${role}" is not one`);
      const list = inputHandlers.get(role) ?? [];
      list.push(handler);
      inputHandlers.set(role, list);
    },
    getParam: (device, param) => host.getParam(device, param),
    setParam: (device, param, value, source = "driver") => host.setParam(device, param, value, source),
  };

  const dispatchInput = (role: string): void => {
    for (const handler of inputHandlers.get(role) ?? []) {
      try {
        handler();
      } catch (error) {
        log.log("error", tag, `input handler for ${role} failed: ${String(error)}`);
      }
    }
  };

  const openRole = (role: string, kind: IoKind): { close(): void } => {
    const config = { ...(driver.ioDefaults[role] ?? {}), ...(instance.io[role] ?? {}) } as Record<string, unknown>;
    const pin = config.pin as number;
    const needPin = (): void => {
      if (!Number.isInteger(pin)) throw new RangeError(`${instance.name}: IO role "${role}" needs an integer pin`);
    };
    switch (kind) {
      case "digital-out":
        needPin();
        return io.digital({ pin, mode: "output" });
      case "digital-in": {
        needPin();
        const mode: DigitalOptions["mode"] = config.pull === "up" ? "input-pull-up" : config.pull === "down" ? "input-pull-down" : "input";
        return io.digital({ pin, mode, edge: "both", onReadable: () => dispatchInput(role) });
      }
      case "pwm":
        needPin();
        return io.pwm({ pin, ...(config.hz !== undefined ? { hz: config.hz as number } : {}), ...(config.resolution !== undefined ? { resolution: config.resolution as number } : {}) });
      case "analog":
        needPin();
        return io.analog({ pin, ...(config.resolution !== undefined ? { resolution: config.resolution as number } : {}) });
      case "i2c":
        if (!Number.isInteger(config.address)) throw new RangeError(`${instance.name}: IO role "${role}" needs an I2C address`);
        return io.i2c(config as unknown as Parameters<IoPort["i2c"]>[0]);
      default:
        throw new RangeError(`${instance.name}: unknown IO kind "${String(kind)}" for role "${role}"`);
    }
  };

  const closeAll = (): void => {
    for (const role of Object.keys(opened)) {
      try {
        opened[role]!.close();
      } catch (error) {
        log.log("warn", tag, `closing ${role} failed: ${String(error)}`);
      }
      delete opened[role];
    }
  };

  const ioObjects = opened as unknown as AnyIo;

  return {
    open() {
      try {
        for (const [role, kind] of Object.entries(driver.io)) opened[role] = openRole(role, kind);
      } catch (error) {
        closeAll();
        throw error;
      }
    },
    start() {
      started = true;
      cleanup = driver.start?.(ioObjects as never, ctx as never);
    },
    writable: driver.write !== undefined,
    write(changed, source) {
      driver.write?.(ioObjects as never, changed as never, ctx as never, source);
    },
    async sample() {
      if (!driver.sample || sampling || closed) return;
      sampling = true;
      try {
        const values = await driver.sample(ioObjects as never, ctx as never);
        if (values && !closed) host.report(values as Record<string, unknown>);
      } catch (error) {
        log.log("warn", tag, `sample failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        sampling = false;
      }
    },
    startPolling() {
      if (!driver.sample || instance.pollMs === undefined || pollTimer !== undefined) return;
      pollTimer = clock.setInterval(() => void this.sample(), instance.pollMs);
    },
    close() {
      if (closed) return;
      closed = true;
      clock.clear(pollTimer);
      pollTimer = undefined;
      try {
        if (typeof cleanup === "function") cleanup();
        if (started) driver.stop?.(ioObjects as never, ctx as never);
      } catch (error) {
        log.log("warn", tag, `stop failed: ${String(error)}`);
      }
      closeAll();
    },
  };
}

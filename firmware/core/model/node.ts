import type { Attribute } from "../../protocol/rainmaker/description";
import type { Driver } from "../driver";
import type { IoConfigs, IoRoles } from "../io-roles";
import type { ParamSpecs } from "./param";

/** Node identity for `info` [spec 1.2]; omitted fields get defaults when the description is built. */
export interface NodeOptions {
  name: string;
  /** Node type, e.g. "Switch", "Multi Device". */
  type: string;
  subtype?: string;
  readme?: string;
  fwVersion?: string;
  model?: string;
  projectName?: string;
  platform?: string;
  attributes?: readonly Attribute[];
}

/** How the app places one driver instance in the node. */
export interface InstanceConfig<R extends IoRoles, O> {
  /** Device name: unique within the node, the key in params JSON. */
  name: string;
  /** Pins per IO role. */
  io: IoConfigs<R>;
  /** Poll period for `sample`, ms (default: the driver's). */
  pollMs?: number;
  /** Overrides of the driver's default options. */
  options?: Partial<O>;
  /** Device attributes [spec 1.3]. */
  attributes?: readonly Attribute[];
}

/** One placed driver. */
export interface DeviceInstance {
  readonly name: string;
  readonly driver: Driver<ParamSpecs, IoRoles, object>;
  readonly io: Readonly<Record<string, object>>;
  readonly pollMs: number | undefined;
  readonly options: Readonly<Record<string, unknown>>;
  readonly attributes: readonly Attribute[] | undefined;
}

/** Which System service params to offer [spec 9.7]. */
export interface SystemServiceOptions {
  reboot?: boolean;
  factoryReset?: boolean;
  wifiReset?: boolean;
}

/** A node declaration: immutable; every method returns a new app. */
export interface NodeApp {
  readonly info: Readonly<NodeOptions>;
  readonly instances: readonly DeviceInstance[];
  /** Offered System service params, if the service is on. */
  readonly system: Readonly<Required<SystemServiceOptions>> | undefined;
  readonly time: boolean;
  /** Services in the order the app added them (the order of the node config `services` array). */
  readonly serviceOrder: readonly ("system" | "time")[];
  /** Place a driver instance as a device of the node. Throws on a duplicate or reserved name. */
  add<P extends ParamSpecs, R extends IoRoles, O extends object>(driver: Driver<P, R, O>, config: InstanceConfig<R, O>): NodeApp;
  /** Add the System service (default: all three params) [spec 9.7]. */
  withSystemService(options?: SystemServiceOptions): NodeApp;
  /** Add the Time service (TZ, TZ-POSIX) [spec 9.4]. */
  withTimeService(): NodeApp;
}

/** Names of the services this toolkit can add; devices may not take them. */
export const ReservedNames = Object.freeze(["System", "Time", "OTA", "Schedule", "Scenes", "Local Control"]);

/** Start a node declaration: `node({ name: "Desk", type: "Outlet" }).add(relay, { name: "Plug", io: { relay: { pin: 4 } } })`. */
export function node(options: NodeOptions): NodeApp {
  if (!options || typeof options.name !== "string" || options.name.length === 0) throw new RangeError("node name must be a non-empty string");
  if (typeof options.type !== "string" || options.type.length === 0) throw new RangeError("node type must be a non-empty string");
  return new NodeDeclaration(Object.freeze({ ...options }), Object.freeze([]), undefined, false, Object.freeze([]));
}

/** A frozen node declaration; its methods live on the prototype, so a kept app is a handful of slots. */
class NodeDeclaration implements NodeApp {
  readonly info: Readonly<NodeOptions>;
  readonly instances: readonly DeviceInstance[];
  readonly system: NodeApp["system"];
  readonly time: boolean;
  readonly serviceOrder: NodeApp["serviceOrder"];

  constructor(info: Readonly<NodeOptions>, instances: readonly DeviceInstance[], system: NodeApp["system"], time: boolean, serviceOrder: NodeApp["serviceOrder"]) {
    this.info = info;
    this.instances = instances;
    this.system = system;
    this.time = time;
    this.serviceOrder = serviceOrder;
    Object.freeze(this);
  }

  #ordered(kind: "system" | "time"): NodeApp["serviceOrder"] {
    return this.serviceOrder.includes(kind) ? this.serviceOrder : Object.freeze([...this.serviceOrder, kind]);
  }

  add<P extends ParamSpecs, R extends IoRoles, O extends object>(driver: Driver<P, R, O>, config: InstanceConfig<R, O>): NodeApp {
    const name = config?.name;
    if (typeof name !== "string" || name.length === 0) throw new RangeError("device name must be a non-empty string");
    if (ReservedNames.includes(name)) throw new RangeError(`device name "${name}" is reserved for a service`);
    if (this.instances.some((i) => i.name === name)) throw new RangeError(`device name "${name}" is used twice`);
    if (config.pollMs !== undefined && !(config.pollMs > 0)) throw new RangeError(`device ${name}: pollMs must be > 0`);
    const overrides = config.options as Record<string, unknown> | undefined;
    const instance: DeviceInstance = Object.freeze({
      name,
      driver: driver as unknown as Driver<ParamSpecs, IoRoles, object>,
      io: Object.freeze({ ...(config.io as Record<string, object>) }),
      pollMs: config.pollMs ?? driver.pollMs,
      // The driver's frozen defaults are shared when the app overrides none of them.
      options: overrides === undefined ? (driver.options as Readonly<Record<string, unknown>>) : Object.freeze({ ...(driver.options as Record<string, unknown>), ...overrides }),
      attributes: config.attributes ? Object.freeze(config.attributes.map((a) => ({ name: a.name, value: a.value }))) : undefined,
    });
    return new NodeDeclaration(this.info, Object.freeze([...this.instances, instance]), this.system, this.time, this.serviceOrder);
  }

  withSystemService(options: SystemServiceOptions = {}): NodeApp {
    const all = options.reboot === undefined && options.factoryReset === undefined && options.wifiReset === undefined;
    const chosen = Object.freeze({
      reboot: all || options.reboot === true,
      factoryReset: all || options.factoryReset === true,
      wifiReset: all || options.wifiReset === true,
    });
    if (!chosen.reboot && !chosen.factoryReset && !chosen.wifiReset) throw new RangeError("the System service needs at least one param");
    return new NodeDeclaration(this.info, this.instances, chosen, this.time, this.#ordered("system"));
  }

  withTimeService(): NodeApp {
    return new NodeDeclaration(this.info, this.instances, this.system, true, this.#ordered("time"));
  }
}

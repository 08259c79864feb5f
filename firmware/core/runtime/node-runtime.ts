import type { ClockPort } from "../../ports/clock";
import type { IoPort } from "../../ports/io";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { ParamType, StandardParams, StandardServices } from "../../protocol/rainmaker/catalog";
import type { DeviceDescription, NodeDescription, NodeInfo, ParamValue, ParamsDocument } from "../../protocol/rainmaker/description";
import { createParamsSchema } from "../../protocol/rainmaker/params";
import type { ParamsSchema } from "../../protocol/rainmaker/params";
import { ParamsTextWriter } from "../../protocol/rainmaker/params-writer";
import type { NodeApp } from "../model/node";
import { checkParamValue } from "../model/validate";
import { createSystemServiceHandler } from "../services/system-service";
import type { SystemActions } from "../services/system-service";
import { createTimeServiceHandler } from "../services/time-service";
import type { TimezoneAction } from "../services/time-service";
import type { ChangeSource } from "./change-source";
import { createChangeTracker } from "./change-tracker";
import type { ChangeTracker, ParamChange } from "./change-tracker";
import { createDriverInstance } from "./driver-instance";
import type { DriverInstance, InstanceHost, InstancePorts } from "./driver-instance";
import { buildEntries, describeEntry } from "./build-entries";
import type { ServiceDefinition } from "./build-entries";
import { findEntry, findParam } from "./entry";
import type { Entry, ParamEntry } from "./entry";
import { deepFreeze } from "../../protocol/deep-freeze";
import { frozenCopy, sameValue } from "./values";
import { createParamStore, persistKey as defaultPersistKey, PARAM_NAMESPACE } from "./param-store";
import type { ParamStore } from "./param-store";
import type { ApplyResult, RemoteSet, WriteRejection } from "./remote-write";

/** Ports and callbacks the node runtime runs on. */
export interface NodeRuntimeDeps {
  io: IoPort;
  clock: ClockPort;
  kv: KvPort;
  log: LogPort;
  /** System service actions (reboot, factory reset, Wi-Fi reset) [spec 9.7]. */
  system?: SystemActions;
  /** Applies a new timezone (Time service) [spec 9.4]. */
  onTimezone?: TimezoneAction;
  /** Quiet time before a delta report goes to `onDelta` listeners, ms (default 100). */
  debounceMs?: number;
  /** Delay between the System service echo and the action, ms (default 2000). */
  systemDelayMs?: number;
  /** Services the agent adds after the app's (Local Control, OTA, Schedule, ...). */
  services?: readonly ServiceDefinition[];
  /** KV namespace for persisted params (default `xsr_params`). */
  kvNamespace?: string;
  /** Flash key scheme (default {@link defaultPersistKey}); replaceable for tests. */
  persistKey?: (device: string, param: string) => string;
}

/** The running model of a node: values, drivers, persistence, reports and remote writes. */
export interface NodeRuntime {
  /** Restore persisted values, open IO, start drivers, write initial values (source `init`), start polling. */
  start(): void;
  /** Stop polling and close all IO. */
  stop(): void;
  /** The node description for the node config [spec 1]; `info` fields default to the app's, then to toolkit defaults. */
  describe(nodeId: string, info?: Partial<NodeInfo>): NodeDescription;
  /** Every param of every device and service [spec 2.1 "Full report"]. */
  fullReport(): ParamsDocument;
  /**
   * The full report as params JSON text, written straight from the runtime's values (no document
   * built first); the same text as `encodeFullReport(desc, fullReport())` [spec 2.1].
   */
  fullReportText(): string;
  /**
   * A params schema for `decodeRemoteSet`/`encodeDeltaReport` over this node's devices and services,
   * sharing the runtime's frozen param descriptions (cheaper than `createParamsSchema(describe(id))`).
   * Build it once and keep it; services added later need a new one.
   */
  paramsSchema(): ParamsSchema;
  /** Apply a decoded remote set: drivers get only valid values; returns the echo and all rejections [spec 2.2]. */
  apply(set: RemoteSet, source?: ChangeSource): ApplyResult;
  /** Write one param through the same path (a local button, the simulator); the change joins the next delta. */
  set(device: string, param: string, value: ParamValue, source?: ChangeSource): ApplyResult;
  get(device: string, param: string): ParamValue | undefined;
  /**
   * Set a value from the firmware side (e.g. OTA Status, a read-only service param): validated
   * but not gated by the write property, no driver `write`; joins the next delta. False (logged) when invalid.
   */
  update(device: string, param: string, value: ParamValue, source?: ChangeSource): boolean;
  /** Pending changes as one delta, cleared; undefined when nothing changed. */
  takeDelta(): ParamsDocument | undefined;
  /** Called with the coalesced delta after the debounce. */
  onDelta(listener: (delta: ParamsDocument) => void): () => void;
  /** Called for every committed change, with its source. */
  onChange(listener: (change: ParamChange) => void): () => void;
  /** Run every driver's `sample` once now. */
  sampleAll(): Promise<void>;
}

const NAME_TYPE: string = ParamType.Name;
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The node description view shared by `paramsSchema`: frozen, params not copied. */
function sharedDescription(entry: Entry): DeviceDescription {
  const d: DeviceDescription = { name: entry.name, params: entry.params.map((p) => p.description) as DeviceDescription["params"] };
  if (entry.type !== undefined) d.type = entry.type;
  if (entry.subtype !== undefined) d.subtype = entry.subtype;
  if (entry.model !== undefined) d.model = entry.model;
  if (entry.attributes && entry.attributes.length > 0) d.attributes = entry.attributes as DeviceDescription["attributes"];
  if (entry.primary !== undefined) d.primary = entry.primary;
  Object.freeze(d.params);
  return Object.freeze(d);
}

/** The running node: one object; devices, services and params are small records in arrays. */
class RunningNode implements NodeRuntime, InstanceHost {
  readonly #app: NodeApp;
  readonly #deps: NodeRuntimeDeps;
  readonly #tracker: ChangeTracker;
  readonly #store: ParamStore;
  /** Devices then services, in node order. */
  readonly #entries: Entry[];
  /** Driver instances in app order (a device's is also its entry's `driver`). */
  readonly #drivers: DriverInstance[] = [];
  #started = false;

  constructor(app: NodeApp, deps: NodeRuntimeDeps) {
    const { clock, log } = deps;
    this.#app = app;
    this.#deps = deps;
    this.#tracker = createChangeTracker(clock, deps.debounceMs ?? 100);
    this.#store = createParamStore(deps.kv, log, deps.kvNamespace ?? PARAM_NAMESPACE);
    this.#entries = buildEntries(app, deps.persistKey ?? defaultPersistKey, {
      system: createSystemServiceHandler(clock, log, deps.system ?? {}, deps.systemDelayMs ?? 2000),
      time: createTimeServiceHandler(log, deps.onTimezone),
    }, deps.services);
    const ports: InstancePorts = { io: deps.io, clock, log, host: this };
    for (const instance of app.instances) {
      const driver = createDriverInstance(instance, ports);
      this.#drivers.push(driver);
      const entry = this.#deviceOf(instance.name);
      if (entry) entry.driver = driver;
    }
  }

  /** The device entry of a driver instance; undefined for a driver with no device (e.g. a button). */
  #deviceOf(name: string): Entry | undefined {
    const entry = findEntry(this.#entries, name);
    return entry?.kind === "device" ? entry : undefined;
  }

  #commit(entry: Entry, param: ParamEntry, value: ParamValue, source: ChangeSource, pending: boolean): void {
    const frozen = frozenCopy(value);
    param.value = frozen;
    if (param.persistKey) this.#store.save(entry.name, param.description, param.persistKey, frozen);
    this.#tracker.record({ device: entry.name, param: param.description.name, value: frozen, source }, pending);
    if (!pending) this.#tracker.discard(entry.name, param.description.name);
  }

  #reject(rejected: WriteRejection[], r: WriteRejection, source: ChangeSource): void {
    rejected.push(r);
    this.#deps.log.log("warn", "params", `rejected ${r.device}${r.param !== undefined ? `.${r.param}` : ""} (${source}): ${r.reason}`);
  }

  #applyDocument(doc: ParamsDocument, source: ChangeSource, pending: boolean, rejected: WriteRejection[]): ParamsDocument {
    const echo: ParamsDocument = {};
    const log = this.#deps.log;
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      this.#reject(rejected, { device: "", reason: "params document is not an object" }, source);
      return echo;
    }
    const entries = this.#entries;
    for (const device of Object.keys(doc)) if (!findEntry(entries, device)) this.#reject(rejected, { device, reason: "unknown device or service" }, source);
    for (const entry of entries) {
      if (!hasOwn(doc, entry.name)) continue;
      const incoming = doc[entry.name];
      if (incoming === null || typeof incoming !== "object" || Array.isArray(incoming)) {
        this.#reject(rejected, { device: entry.name, reason: "device entry is not an object" }, source);
        continue;
      }
      let valid: Map<string, ParamValue> | undefined;
      for (const name of Object.keys(incoming)) {
        const value = incoming[name]!;
        const param = findParam(entry, name);
        if (!param) this.#reject(rejected, { device: entry.name, param: name, reason: "unknown param" }, source);
        else if (!param.description.properties.write) this.#reject(rejected, { device: entry.name, param: name, reason: "param is not writable" }, source);
        else {
          const problem = checkParamValue(param.description, value);
          if (problem) this.#reject(rejected, { device: entry.name, param: name, reason: `value ${problem}` }, source);
          else (valid ??= new Map()).set(name, value);
        }
      }
      if (!valid) continue;
      let toCommit: ReadonlyMap<string, ParamValue>;
      try {
        toCommit = this.#handOver(entry, valid, source);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.log("error", "params", `write to ${entry.name} failed (${source}): ${message}`);
        for (const name of valid.keys()) rejected.push({ device: entry.name, param: name, reason: `write failed: ${message}` });
        continue;
      }
      let out: Record<string, ParamValue> | undefined;
      for (const [name, value] of toCommit) {
        const param = findParam(entry, name);
        if (!param || checkParamValue(param.description, value) !== undefined) continue;
        this.#commit(entry, param, value, source, pending);
        (out ??= {})[name] = param.value;
      }
      if (out) echo[entry.name] = out;
    }
    return echo;
  }

  /** Name params are kept by the runtime [spec 2.2 step 4]; the rest go to the driver or service. */
  #handOver(entry: Entry, valid: Map<string, ParamValue>, source: ChangeSource): ReadonlyMap<string, ParamValue> {
    if (entry.unavailable) throw new Error(entry.unavailable);
    if (entry.handler) return entry.handler.write(valid, source);
    const result = new Map<string, ParamValue>();
    const forDriver: Record<string, ParamValue> = {};
    let any = false;
    for (const [name, value] of valid) {
      const param = findParam(entry, name)!;
      if (param.description.type === NAME_TYPE) result.set(name, value);
      else {
        forDriver[param.key] = value;
        any = true;
      }
    }
    if (any) {
      const driver = entry.driver;
      if (!driver?.writable) throw new Error("the driver takes no writes");
      driver.write(forDriver, source);
      for (const [name, value] of valid) result.set(name, value);
    }
    return result;
  }

  #setOne(device: string, param: string, value: ParamValue, source: ChangeSource): ApplyResult {
    const rejected: WriteRejection[] = [];
    const echo = this.#applyDocument({ [device]: { [param]: value } }, source, true, rejected);
    return { echo, rejected };
  }

  #restore(): void {
    const live = new Set<string>();
    for (const entry of this.#entries) {
      for (const param of entry.params) {
        if (!param.persistKey) continue;
        live.add(param.persistKey);
        const value = this.#store.load(entry.name, param.description, param.persistKey);
        if (value !== undefined) param.value = deepFreeze(value);
      }
    }
    this.#store.sweep(live);
  }

  // InstanceHost: what driver instances ask of the node.

  valuesOf(device: string): Record<string, ParamValue> {
    const entry = findEntry(this.#entries, device);
    const out: Record<string, ParamValue> = {};
    if (entry?.kind === "device") for (const p of entry.params) if (p.key !== "name" || p.description.type !== NAME_TYPE) out[p.key] = p.value;
    return out;
  }

  reportFrom(device: string, values: Record<string, unknown>): void {
    const log = this.#deps.log;
    const entry = findEntry(this.#entries, device);
    if (!entry || entry.kind !== "device") {
      log.log("warn", `drv:${device}`, "has no device; reported values ignored");
      return;
    }
    if (values === null || typeof values !== "object") {
      log.log("warn", `drv:${entry.name}`, "sample returned a non-object; ignored");
      return;
    }
    for (const key of Object.keys(values)) {
      const value = values[key];
      if (value === undefined) continue;
      const param = key === "name" ? undefined : entry.params.find((p) => p.key === key);
      if (!param) {
        log.log("warn", `drv:${entry.name}`, `reported unknown param "${key}"; ignored`);
        continue;
      }
      const problem = checkParamValue(param.description, value);
      if (problem) {
        log.log("warn", `drv:${entry.name}`, `reported ${param.description.name} ${JSON.stringify(value)} which ${problem}; ignored`);
        continue;
      }
      if (sameValue(param.value, value as ParamValue)) continue;
      this.#commit(entry, param, value as ParamValue, "driver", true);
    }
  }

  getParam(device: string, param: string): ParamValue | undefined {
    return this.get(device, param);
  }

  setParam(device: string, param: string, value: ParamValue, source: ChangeSource): boolean {
    return this.#setOne(device, param, value, source).rejected.length === 0;
  }

  // NodeRuntime

  start(): void {
    if (this.#started) throw new Error("node runtime already started");
    this.#started = true;
    const { log } = this.#deps;
    this.#restore();
    const instances = this.#app.instances;
    for (let i = 0; i < instances.length; i++) {
      const name = instances[i]!.name;
      const instance = this.#drivers[i]!;
      const entry = this.#deviceOf(name);
      try {
        instance.open();
        instance.start();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.log("error", `drv:${name}`, `cannot start: ${message}`);
        if (entry) entry.unavailable = `device unavailable: ${message}`;
        instance.close();
        continue;
      }
      if (entry && instance.writable) {
        const initial: Record<string, ParamValue> = {};
        let any = false;
        for (const p of entry.params) {
          if (p.description.properties.write && p.description.type !== NAME_TYPE) {
            initial[p.key] = p.value;
            any = true;
          }
        }
        try {
          if (any) instance.write(initial, "init");
        } catch (error) {
          log.log("error", `drv:${name}`, `initial write failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    const time = findEntry(this.#entries, StandardServices.time.name);
    const posix = time ? findParam(time, StandardParams.tzPosix.name)?.value : undefined;
    const onTimezone = this.#deps.onTimezone;
    if (time?.kind === "service" && typeof posix === "string" && posix !== "" && onTimezone) {
      try {
        onTimezone(posix, findParam(time, StandardParams.tz.name)?.value as string | undefined);
      } catch (error) {
        log.log("error", "time", `applying timezone failed: ${String(error)}`);
      }
    }
    for (let i = 0; i < instances.length; i++) {
      if (this.#deviceOf(instances[i]!.name)?.unavailable) continue;
      const instance = this.#drivers[i]!;
      void instance.sample();
      instance.startPolling();
    }
  }

  stop(): void {
    for (const instance of this.#drivers) instance.close();
    this.#tracker.close();
  }

  describe(nodeId: string, info: Partial<NodeInfo> = {}): NodeDescription {
    const a = this.#app.info;
    const nodeInfo: NodeInfo = {
      name: info.name ?? a.name,
      fwVersion: info.fwVersion ?? a.fwVersion ?? "1.0.0",
      type: info.type ?? a.type,
      model: info.model ?? a.model ?? "xs-rainmaker",
      projectName: info.projectName ?? a.projectName ?? "xs-rainmaker",
      platform: info.platform ?? a.platform ?? "esp32",
    };
    const subtype = info.subtype ?? a.subtype;
    if (subtype !== undefined) nodeInfo.subtype = subtype;
    const readme = info.readme ?? a.readme;
    if (readme) nodeInfo.readme = readme;
    const description: NodeDescription = { nodeId, info: nodeInfo, devices: [], services: [] };
    if (a.attributes && a.attributes.length > 0) description.attributes = a.attributes.map((x) => ({ ...x }));
    for (const entry of this.#entries) (entry.kind === "device" ? description.devices : description.services).push(describeEntry(entry));
    return description;
  }

  paramsSchema(): ParamsSchema {
    const devices: DeviceDescription[] = [];
    const services: DeviceDescription[] = [];
    for (const entry of this.#entries) (entry.kind === "device" ? devices : services).push(sharedDescription(entry));
    return createParamsSchema({ nodeId: "", info: { name: "", fwVersion: "", type: "", model: "", projectName: "", platform: "" }, devices, services });
  }

  fullReport(): ParamsDocument {
    const doc: ParamsDocument = {};
    for (const entry of this.#entries) {
      const out: Record<string, ParamValue> = {};
      for (const p of entry.params) out[p.description.name] = p.value;
      doc[entry.name] = out;
    }
    return doc;
  }

  fullReportText(): string {
    const writer = new ParamsTextWriter();
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      writer.device(entry.name);
      const params = entry.params;
      for (let j = 0; j < params.length; j++) {
        const p = params[j]!;
        writer.param(p.description.name, p.description.dataType, p.value);
      }
    }
    return writer.end();
  }

  apply(set: RemoteSet, source: ChangeSource = "cloud"): ApplyResult {
    const rejected: WriteRejection[] = [];
    const log = this.#deps.log;
    if (set?.error) {
      rejected.push({ device: "", reason: set.error });
      log.log("warn", "params", `remote write refused (${source}): ${set.error}`);
    }
    for (const r of set?.rejected ?? []) {
      rejected.push({ ...r });
      log.log("warn", "params", `rejected ${r.device}${r.param !== undefined ? `.${r.param}` : ""} (${source}): ${r.reason}`);
    }
    const echo = this.#applyDocument(set?.accepted ?? {}, source, false, rejected);
    return { echo, rejected };
  }

  set(device: string, param: string, value: ParamValue, source: ChangeSource = "local"): ApplyResult {
    return this.#setOne(device, param, value, source);
  }

  get(device: string, param: string): ParamValue | undefined {
    const entry = findEntry(this.#entries, device);
    return entry ? findParam(entry, param)?.value : undefined;
  }

  update(device: string, param: string, value: ParamValue, source: ChangeSource = "firmware"): boolean {
    const entry = findEntry(this.#entries, device);
    const target = entry ? findParam(entry, param) : undefined;
    const invalid = target ? checkParamValue(target.description, value) : undefined;
    const problem = !target ? "no such param" : invalid ? `value ${invalid}` : undefined;
    if (!entry || !target || problem) {
      this.#deps.log.log("warn", "params", `update of ${device}.${param} refused: ${problem}`);
      return false;
    }
    if (!sameValue(target.value, value)) this.#commit(entry, target, value, source, true);
    return true;
  }

  takeDelta(): ParamsDocument | undefined {
    return this.#tracker.takeDelta();
  }

  onDelta(listener: (delta: ParamsDocument) => void): () => void {
    return this.#tracker.onDelta(listener);
  }

  onChange(listener: (change: ParamChange) => void): () => void {
    return this.#tracker.onChange(listener);
  }

  async sampleAll(): Promise<void> {
    const running: Promise<void>[] = [];
    const instances = this.#app.instances;
    for (let i = 0; i < instances.length; i++) if (!this.#deviceOf(instances[i]!.name)?.unavailable) running.push(this.#drivers[i]!.sample());
    await Promise.all(running);
  }
}

/** Build the runtime for a node declaration. Throws (naming both params) if two persisted params share a flash key. */
export function createNodeRuntime(app: NodeApp, deps: NodeRuntimeDeps): NodeRuntime {
  return new RunningNode(app, deps);
}

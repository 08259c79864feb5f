import type { ClockPort } from "../../ports/clock";
import type { IoPort } from "../../ports/io";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { ParamType, StandardParams, StandardServices } from "../../protocol/rainmaker/catalog";
import type { NodeDescription, NodeInfo, ParamValue, ParamsDocument } from "../../protocol/rainmaker/description";
import type { NodeApp } from "../model/node";
import { checkParamValue } from "../model/validate";
import { createSystemServiceHandler } from "../services/system-service";
import type { SystemActions } from "../services/system-service";
import { createTimeServiceHandler } from "../services/time-service";
import type { TimezoneAction } from "../services/time-service";
import type { ChangeSource } from "./change-source";
import { createChangeTracker } from "./change-tracker";
import type { ParamChange } from "./change-tracker";
import { createDriverInstance } from "./driver-instance";
import type { DriverInstance } from "./driver-instance";
import { buildEntries, describeEntry } from "./build-entries";
import type { ServiceDefinition } from "./build-entries";
import type { Entry, ParamEntry } from "./entry";
import { deepFreeze, frozenCopy, sameValue } from "./values";
import { createParamStore, persistKey as defaultPersistKey, PARAM_NAMESPACE } from "./param-store";
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

/** Build the runtime for a node declaration. Throws (naming both params) if two persisted params share a flash key. */
export function createNodeRuntime(app: NodeApp, deps: NodeRuntimeDeps): NodeRuntime {
  const { clock, log } = deps;
  const keyOf = deps.persistKey ?? defaultPersistKey;
  const tracker = createChangeTracker(clock, deps.debounceMs ?? 100);
  const store = createParamStore(deps.kv, log, deps.kvNamespace ?? PARAM_NAMESPACE);
  const instances = new Map<string, DriverInstance>();
  let started = false;

  const entries = buildEntries(app, keyOf, {
    system: createSystemServiceHandler(clock, log, deps.system ?? {}, deps.systemDelayMs ?? 2000),
    time: createTimeServiceHandler(log, deps.onTimezone),
  }, deps.services);

  const commit = (entry: Entry, param: ParamEntry, value: ParamValue, source: ChangeSource, pending: boolean): void => {
    const frozen = frozenCopy(value);
    param.value = frozen;
    if (param.persistKey) store.save(entry.name, param.description, param.persistKey, frozen);
    tracker.record({ device: entry.name, param: param.description.name, value: frozen, source }, pending);
    if (!pending) tracker.discard(entry.name, param.description.name);
  };

  const valuesByKey = (entry: Entry): Record<string, ParamValue> => {
    const out: Record<string, ParamValue> = {};
    for (const p of entry.params.values()) if (p.key !== "name" || p.description.type !== NAME_TYPE) out[p.key] = p.value;
    return out;
  };

  const applyDocument = (doc: ParamsDocument, source: ChangeSource, pending: boolean, rejected: WriteRejection[]): ParamsDocument => {
    const echo: ParamsDocument = {};
    const reject = (r: WriteRejection): void => {
      rejected.push(r);
      log.log("warn", "params", `rejected ${r.device}${r.param !== undefined ? `.${r.param}` : ""} (${source}): ${r.reason}`);
    };
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      reject({ device: "", reason: "params document is not an object" });
      return echo;
    }
    for (const device of Object.keys(doc)) if (!entries.has(device)) reject({ device, reason: "unknown device or service" });
    for (const entry of entries.values()) {
      if (!Object.prototype.hasOwnProperty.call(doc, entry.name)) continue;
      const incoming = doc[entry.name];
      if (incoming === null || typeof incoming !== "object" || Array.isArray(incoming)) {
        reject({ device: entry.name, reason: "device entry is not an object" });
        continue;
      }
      const valid = new Map<string, ParamValue>();
      for (const [name, value] of Object.entries(incoming)) {
        const param = entry.params.get(name);
        if (!param) reject({ device: entry.name, param: name, reason: "unknown param" });
        else if (!param.description.properties.write) reject({ device: entry.name, param: name, reason: "param is not writable" });
        else {
          const problem = checkParamValue(param.description, value);
          if (problem) reject({ device: entry.name, param: name, reason: `value ${problem}` });
          else valid.set(name, value);
        }
      }
      if (valid.size === 0) continue;
      let toCommit: ReadonlyMap<string, ParamValue>;
      try {
        toCommit = handOver(entry, valid, source);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.log("error", "params", `write to ${entry.name} failed (${source}): ${message}`);
        for (const name of valid.keys()) rejected.push({ device: entry.name, param: name, reason: `write failed: ${message}` });
        continue;
      }
      const out: Record<string, ParamValue> = {};
      for (const [name, value] of toCommit) {
        const param = entry.params.get(name);
        if (!param || checkParamValue(param.description, value) !== undefined) continue;
        commit(entry, param, value, source, pending);
        out[name] = param.value;
      }
      if (Object.keys(out).length > 0) echo[entry.name] = out;
    }
    return echo;
  };

  /** Name params are kept by the runtime [spec 2.2 step 4]; the rest go to the driver or service. */
  const handOver = (entry: Entry, valid: Map<string, ParamValue>, source: ChangeSource): ReadonlyMap<string, ParamValue> => {
    if (entry.unavailable) throw new Error(entry.unavailable);
    if (entry.handler) return entry.handler.write(valid, source);
    const result = new Map<string, ParamValue>();
    const forDriver: Record<string, ParamValue> = {};
    let any = false;
    for (const [name, value] of valid) {
      const param = entry.params.get(name)!;
      if (param.description.type === NAME_TYPE) result.set(name, value);
      else {
        forDriver[param.key] = value;
        any = true;
      }
    }
    const instance = instances.get(entry.name);
    if (any) {
      if (!instance?.writable) throw new Error("the driver takes no writes");
      instance.write(forDriver, source);
      for (const [name, value] of valid) result.set(name, value);
    }
    return result;
  };

  const report = (entry: Entry, values: Record<string, unknown>): void => {
    if (values === null || typeof values !== "object") {
      log.log("warn", `drv:${entry.name}`, "sample returned a non-object; ignored");
      return;
    }
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const param = [...entry.params.values()].find((p) => p.key === key && key !== "name");
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
      commit(entry, param, value as ParamValue, "driver", true);
    }
  };

  const setOne = (device: string, param: string, value: ParamValue, source: ChangeSource): ApplyResult => {
    const rejected: WriteRejection[] = [];
    const echo = applyDocument({ [device]: { [param]: value } }, source, true, rejected);
    return { echo, rejected };
  };

  for (const instance of app.instances) {
    const entry = entries.get(instance.name);
    instances.set(
      instance.name,
      createDriverInstance(instance, deps.io, clock, log, {
        values: () => (entry ? valuesByKey(entry) : {}),
        report: (values) => {
          if (entry) report(entry, values);
          else log.log("warn", `drv:${instance.name}`, "has no device; reported values ignored");
        },
        getParam: (device, param) => entries.get(device)?.params.get(param)?.value,
        setParam: (device, param, value, source) => setOne(device, param, value, source).rejected.length === 0,
      }),
    );
  }

  const restore = (): void => {
    const live = new Set<string>();
    for (const entry of entries.values()) {
      for (const param of entry.params.values()) {
        if (!param.persistKey) continue;
        live.add(param.persistKey);
        const value = store.load(entry.name, param.description, param.persistKey);
        if (value !== undefined) param.value = deepFreeze(value);
      }
    }
    store.sweep(live);
  };

  return {
    start() {
      if (started) throw new Error("node runtime already started");
      started = true;
      restore();
      for (const [name, instance] of instances) {
        const entry = entries.get(name);
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
          for (const p of entry.params.values()) if (p.description.properties.write && p.description.type !== NAME_TYPE) initial[p.key] = p.value;
          try {
            if (Object.keys(initial).length > 0) instance.write(initial, "init");
          } catch (error) {
            log.log("error", `drv:${name}`, `initial write failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      const time = entries.get(StandardServices.time.name);
      const posix = time?.params.get(StandardParams.tzPosix.name)?.value;
      if (time?.kind === "service" && typeof posix === "string" && posix !== "" && deps.onTimezone) {
        try {
          deps.onTimezone(posix, time.params.get(StandardParams.tz.name)?.value as string | undefined);
        } catch (error) {
          log.log("error", "time", `applying timezone failed: ${String(error)}`);
        }
      }
      for (const [name, instance] of instances) {
        if (entries.get(name)?.unavailable) continue;
        void instance.sample();
        instance.startPolling();
      }
    },
    stop() {
      for (const instance of instances.values()) instance.close();
      tracker.close();
    },
    describe(nodeId, info = {}) {
      const a = app.info;
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
      for (const entry of entries.values()) (entry.kind === "device" ? description.devices : description.services).push(describeEntry(entry));
      return description;
    },
    fullReport() {
      const doc: ParamsDocument = {};
      for (const entry of entries.values()) {
        const out: Record<string, ParamValue> = {};
        for (const p of entry.params.values()) out[p.description.name] = p.value;
        doc[entry.name] = out;
      }
      return doc;
    },
    apply(set, source = "cloud") {
      const rejected: WriteRejection[] = [];
      if (set?.error) {
        rejected.push({ device: "", reason: set.error });
        log.log("warn", "params", `remote write refused (${source}): ${set.error}`);
      }
      for (const r of set?.rejected ?? []) {
        rejected.push({ ...r });
        log.log("warn", "params", `rejected ${r.device}${r.param !== undefined ? `.${r.param}` : ""} (${source}): ${r.reason}`);
      }
      const echo = applyDocument(set?.accepted ?? {}, source, false, rejected);
      return { echo, rejected };
    },
    set: (device, param, value, source = "local") => setOne(device, param, value, source),
    get: (device, param) => entries.get(device)?.params.get(param)?.value,
    update(device, param, value, source = "firmware") {
      const entry = entries.get(device);
      const target = entry?.params.get(param);
      const invalid = target ? checkParamValue(target.description, value) : undefined;
      const problem = !target ? "no such param" : invalid ? `value ${invalid}` : undefined;
      if (!entry || !target || problem) {
        log.log("warn", "params", `update of ${device}.${param} refused: ${problem}`);
        return false;
      }
      if (!sameValue(target.value, value)) commit(entry, target, value, source, true);
      return true;
    },
    takeDelta: () => tracker.takeDelta(),
    onDelta: (listener) => tracker.onDelta(listener),
    onChange: (listener) => tracker.onChange(listener),
    async sampleAll() {
      await Promise.all([...instances.entries()].filter(([name]) => !entries.get(name)?.unavailable).map(([, i]) => i.sample()));
    },
  };
}

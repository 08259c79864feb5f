import { StandardParams, standardService } from "../../protocol/rainmaker/catalog";
import type { DeviceDescription, ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import type { NodeApp } from "../model/node";
import { params as standardParams } from "../standard/params";
import type { ChangeSource } from "./change-source";
import { checkParamValue } from "../model/validate";
import type { Entry, EntryHandler, ParamEntry } from "./entry";
import { deepFreeze } from "../../protocol/deep-freeze";

/** Handlers of the services the app may have added. */
export interface ServiceHandlers {
  system: EntryHandler;
  time: EntryHandler;
}

/**
 * A service the agent adds at run time (e.g. Local Control, OTA, Schedule), after the app's services.
 * Params with `persist` are saved like device params.
 */
export interface ServiceDefinition {
  /** The service and its params, e.g. `standardService("localControl")` from the catalog. */
  description: DeviceDescription;
  /** Starting values by param name (default: the catalog default, else a neutral value). */
  initial?: Readonly<Record<string, ParamValue>>;
  /** Acts on validated writes and returns what to store and echo; default: store them as they are. Throw to refuse. */
  write?(changed: ReadonlyMap<string, ParamValue>, source: ChangeSource): ReadonlyMap<string, ParamValue>;
}

/** The standard Name param every device gets [spec 1.7]; one frozen description shared by all devices. */
const NameDescription: Readonly<ParamDescription> = standardParams.name("").description;

/** `description` itself when it is already deep-frozen (every `ParamSpec` made by `param`/`params`), else a frozen copy. */
function shared(description: Readonly<ParamDescription>): Readonly<ParamDescription> {
  return Object.isFrozen(description) && Object.isFrozen(description.properties) ? description : deepFreeze(copyDescription(description));
}

/**
 * The runtime's devices and services, in node order: each device gets the standard Name param
 * first, then its driver's params; the primary is the template's, else the first writable param.
 * Param descriptions are shared with the driver declarations, not copied.
 * Throws when two params of a device share a wire name or two persisted params share a flash key.
 */
export function buildEntries(
  app: NodeApp, keyOf: (device: string, param: string) => string, handlers: ServiceHandlers, extra: readonly ServiceDefinition[] = [],
): Entry[] {
  const entries: Entry[] = [];
  const keyOwners = new Map<string, string>();

  const paramEntry = (entryName: string, key: string, description: Readonly<ParamDescription>, initial: ParamValue): ParamEntry => {
    let persist: string | undefined;
    if (description.properties.persist) {
      persist = keyOf(entryName, description.name);
      const owner = keyOwners.get(persist);
      if (owner) throw new Error(`flash key ${persist} of ${entryName}.${description.name} collides with ${owner}; rename one of them`);
      keyOwners.set(persist, `${entryName}.${description.name}`);
    }
    return { key, description, value: initial, persistKey: persist };
  };
  const has = (list: readonly ParamEntry[], name: string): boolean => list.some((p) => p.description.name === name);

  for (const instance of app.instances) {
    const template = instance.driver.template;
    if (!template) continue;
    const list: ParamEntry[] = [paramEntry(instance.name, "name", NameDescription, instance.name)];
    let primary: string | undefined;
    const specs = instance.driver.params;
    for (const key of Object.keys(specs)) {
      const spec = specs[key]!;
      const description = shared(spec.description);
      if (has(list, description.name)) throw new Error(`device ${instance.name}: two params are named "${description.name}"`);
      list.push(paramEntry(instance.name, key, description, spec.initial));
      if (key === template.primary) primary = description.name;
    }
    if (primary === undefined) {
      const rest = list.slice(1);
      primary = (rest.find((p) => p.description.properties.write) ?? rest[0])?.description.name;
    }
    entries.push({
      name: instance.name,
      kind: "device",
      type: template.type,
      subtype: template.subtype,
      model: template.model,
      attributes: instance.attributes ?? template.attributes,
      primary,
      params: list,
      handler: undefined,
      driver: undefined,
      unavailable: undefined,
    });
  }

  const addService = (description: DeviceDescription, handler: EntryHandler, persist: boolean, initial: ServiceDefinition["initial"] = {}): void => {
    if (entries.some((e) => e.name === description.name)) throw new Error(`service name "${description.name}" is already used in this node`);
    const list: ParamEntry[] = [];
    for (const source of description.params) {
      const p = copyDescription(source);
      if (persist) p.properties.persist = true;
      if (has(list, p.name)) throw new Error(`service ${description.name}: two params are named "${p.name}"`);
      const start = Object.prototype.hasOwnProperty.call(initial, p.name) ? initial[p.name]! : initialFor(p);
      const problem = checkParamValue(p, start);
      if (problem) throw new RangeError(`service ${description.name}: initial ${p.name} ${problem}`);
      list.push(paramEntry(description.name, p.name, deepFreeze(p), start));
    }
    entries.push({
      name: description.name, kind: "service", type: description.type, subtype: undefined, model: undefined,
      attributes: description.attributes, primary: undefined, params: list, handler, driver: undefined, unavailable: undefined,
    });
  };
  for (const kind of app.serviceOrder) {
    if (kind === "system" && app.system) {
      const chosen = ([["reboot", app.system.reboot], ["factoryReset", app.system.factoryReset], ["wifiReset", app.system.wifiReset]] as const)
        .filter(([, on]) => on)
        .map(([k]) => k);
      addService(standardService("system", { params: chosen }), handlers.system, false);
    }
    if (kind === "time" && app.time) addService(standardService("time"), handlers.time, true);
  }
  for (const service of extra) addService(service.description, new AgentServiceHandler(service), false, service.initial);
  return entries;
}

/** Runs an agent service's `write`, or keeps the values as they are when it has none. */
class AgentServiceHandler implements EntryHandler {
  constructor(readonly service: ServiceDefinition) {}
  write(changed: ReadonlyMap<string, ParamValue>, source: ChangeSource): ReadonlyMap<string, ParamValue> {
    const write = this.service.write;
    return write ? write(changed, source) : changed;
  }
}

/** A fresh copy of a param description. */
export function copyDescription(p: Readonly<ParamDescription>): ParamDescription {
  const out: ParamDescription = { name: p.name, dataType: p.dataType, properties: { ...p.properties } };
  if (p.type !== undefined) out.type = p.type;
  if (p.bounds) out.bounds = { ...p.bounds };
  if (p.validStrs) out.validStrs = p.validStrs.slice();
  if (p.uiType !== undefined) out.uiType = p.uiType;
  return out;
}

/** The catalog default of a standard service param [spec 1.7], else a neutral value of its type. */
function initialFor(p: ParamDescription): ParamValue {
  const standard = Object.values(StandardParams).find((s) => s.type === p.type);
  if (standard) return standard.defaultValue as ParamValue;
  switch (p.dataType) {
    case "bool":
      return false;
    case "int":
    case "float":
      return p.bounds?.min ?? 0;
    case "string":
      return "";
    case "array":
      return [];
    default:
      return {};
  }
}

/** The node config view of an entry [spec 1.4]. */
export function describeEntry(entry: Entry): DeviceDescription {
  const d: DeviceDescription = { name: entry.name, params: [] };
  if (entry.type !== undefined) d.type = entry.type;
  if (entry.subtype !== undefined) d.subtype = entry.subtype;
  if (entry.model !== undefined) d.model = entry.model;
  if (entry.attributes && entry.attributes.length > 0) d.attributes = entry.attributes.map((x) => ({ name: x.name, value: x.value }));
  if (entry.primary !== undefined) d.primary = entry.primary;
  d.params = entry.params.map((p) => copyDescription(p.description));
  return d;
}

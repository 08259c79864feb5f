import { StandardParams, standardService } from "../../protocol/rainmaker/catalog";
import type { DeviceDescription, ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import type { NodeApp } from "../model/node";
import { params as standardParams } from "../standard/params";
import type { ChangeSource } from "./change-source";
import { checkParamValue } from "../model/validate";
import type { Entry, EntryHandler, ParamEntry } from "./entry";

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

/**
 * The runtime's devices and services, in node order: each device gets the standard Name param
 * first, then its driver's params; the primary is the template's, else the first writable param.
 * Throws when two params of a device share a wire name or two persisted params share a flash key.
 */
export function buildEntries(
  app: NodeApp, keyOf: (device: string, param: string) => string, handlers: ServiceHandlers, extra: readonly ServiceDefinition[] = [],
): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const keyOwners = new Map<string, string>();

  const paramEntry = (entryName: string, key: string, description: ParamDescription, initial: ParamValue): ParamEntry => {
    let persist: string | undefined;
    if (description.properties.persist) {
      persist = keyOf(entryName, description.name);
      const owner = keyOwners.get(persist);
      if (owner) throw new Error(`flash key ${persist} of ${entryName}.${description.name} collides with ${owner}; rename one of them`);
      keyOwners.set(persist, `${entryName}.${description.name}`);
    }
    return { key, description: Object.freeze(description), value: initial, persistKey: persist };
  };

  for (const instance of app.instances) {
    const template = instance.driver.template;
    if (!template) continue;
    const map = new Map<string, ParamEntry>();
    const name = standardParams.name(instance.name);
    map.set(name.description.name, paramEntry(instance.name, "name", copyDescription(name.description), name.initial));
    let primary: string | undefined;
    for (const [key, spec] of Object.entries(instance.driver.params)) {
      const description = copyDescription(spec.description);
      if (map.has(description.name)) throw new Error(`device ${instance.name}: two params are named "${description.name}"`);
      map.set(description.name, paramEntry(instance.name, key, description, spec.initial));
      if (key === template.primary) primary = description.name;
    }
    if (primary === undefined) {
      const rest = [...map.values()].filter((p) => p.key !== "name");
      primary = (rest.find((p) => p.description.properties.write) ?? rest[0])?.description.name;
    }
    entries.set(instance.name, {
      name: instance.name,
      kind: "device",
      type: template.type,
      subtype: template.subtype,
      model: template.model,
      attributes: instance.attributes ?? template.attributes,
      primary,
      params: map,
      handler: undefined,
      unavailable: undefined,
    });
  }

  const addService = (description: DeviceDescription, handler: Entry["handler"], persist: boolean, initial: ServiceDefinition["initial"] = {}): void => {
    if (entries.has(description.name)) throw new Error(`service name "${description.name}" is already used in this node`);
    const map = new Map<string, ParamEntry>();
    for (const source of description.params) {
      const p = copyDescription(source);
      if (persist) p.properties.persist = true;
      if (map.has(p.name)) throw new Error(`service ${description.name}: two params are named "${p.name}"`);
      const start = Object.prototype.hasOwnProperty.call(initial, p.name) ? initial[p.name]! : initialFor(p);
      const problem = checkParamValue(p, start);
      if (problem) throw new RangeError(`service ${description.name}: initial ${p.name} ${problem}`);
      map.set(p.name, paramEntry(description.name, p.name, p, start));
    }
    entries.set(description.name, {
      name: description.name, kind: "service", type: description.type, subtype: undefined, model: undefined,
      attributes: description.attributes, primary: undefined, params: map, handler, unavailable: undefined,
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
  for (const service of extra) {
    const write = service.write;
    addService(service.description, { write: write ? (changed, source) => write(changed, source) : (changed) => changed }, false, service.initial);
  }
  return entries;
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
  d.params = [...entry.params.values()].map((p) => copyDescription(p.description));
  return d;
}

import type { Attribute, ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import type { ChangeSource } from "./change-source";
import type { DriverInstance } from "./driver-instance";

/** Applies validated values of one device or service (by wire param name). */
export interface EntryHandler {
  /**
   * Act on `changed` and return every value to commit and echo (usually `changed`, maybe plus
   * side effects such as TZ-POSIX). Throwing rejects the whole batch.
   */
  write(changed: ReadonlyMap<string, ParamValue>, source: ChangeSource): ReadonlyMap<string, ParamValue>;
}

/** A param held by the runtime: one small record; the description is shared and frozen. */
export interface ParamEntry {
  /** Key the driver uses (`power`), or the wire name for services and Name. */
  readonly key: string;
  readonly description: Readonly<ParamDescription>;
  value: ParamValue;
  /** Flash key when the param persists. */
  readonly persistKey: string | undefined;
}

/** A device or service held by the runtime. */
export interface Entry {
  readonly name: string;
  readonly kind: "device" | "service";
  readonly type: string | undefined;
  readonly subtype: string | undefined;
  readonly model: string | undefined;
  readonly attributes: readonly Attribute[] | undefined;
  /** Wire name of the primary param. */
  readonly primary: string | undefined;
  /** In declaration order (a device's Name first); looked up by wire name with {@link findParam}. */
  readonly params: readonly ParamEntry[];
  /** Service handler; devices go to their driver instead. */
  readonly handler: EntryHandler | undefined;
  /** The driver instance of a device, once the runtime has made it. */
  driver: DriverInstance | undefined;
  /** Why writes are refused (e.g. its IO failed to open); undefined when healthy. */
  unavailable: string | undefined;
}

/** The param of `entry` with wire name `name` (entries hold a handful, so a scan beats a Map per device). */
export function findParam(entry: Entry, name: string): ParamEntry | undefined {
  const params = entry.params;
  for (let i = 0; i < params.length; i++) if (params[i]!.description.name === name) return params[i];
  return undefined;
}

/** The entry named `name`. */
export function findEntry(entries: readonly Entry[], name: string): Entry | undefined {
  for (let i = 0; i < entries.length; i++) if (entries[i]!.name === name) return entries[i];
  return undefined;
}

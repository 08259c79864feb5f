import type { Attribute, ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import type { ChangeSource } from "./change-source";

/** Applies validated values of one device or service (by wire param name). */
export interface EntryHandler {
  /**
   * Act on `changed` and return every value to commit and echo (usually `changed`, maybe plus
   * side effects such as TZ-POSIX). Throwing rejects the whole batch.
   */
  write(changed: ReadonlyMap<string, ParamValue>, source: ChangeSource): ReadonlyMap<string, ParamValue>;
}

/** A param held by the runtime. */
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
  /** By wire name, in declaration order. */
  readonly params: Map<string, ParamEntry>;
  handler: EntryHandler | undefined;
  /** Why writes are refused (e.g. its IO failed to open); undefined when healthy. */
  unavailable: string | undefined;
}

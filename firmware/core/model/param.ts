import type { DataType, ParamBounds, ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import { deepFreeze } from "../../protocol/deep-freeze";
import { checkParamValue } from "./validate";

/**
 * A declared param: its wire description plus the initial value. `V` is the value type the
 * driver sees (boolean, number, string, object or array), so `write`/`sample` are typed from it.
 */
export interface ParamSpec<V extends ParamValue = ParamValue> {
  readonly description: Readonly<ParamDescription>;
  readonly initial: V;
}

/** Params of a device by JS key (`power`); the wire name is `description.name` (`Power`). */
export type ParamSpecs = Record<string, ParamSpec>;

/** The value types of a params declaration: `{ power: ParamSpec<boolean> }` -> `{ power: boolean }`. */
export type ValuesOf<P extends ParamSpecs> = { [K in keyof P]: P[K] extends ParamSpec<infer V> ? V : never };

/** Options of the generic {@link param} constructor. */
export interface ParamOptions {
  /** `esp.param.*` type string (from `protocol/rainmaker/catalog` `ParamType`). */
  type?: string;
  /** `esp.ui.*` type string (from `UiType`). */
  uiType?: string;
  /** Report only: the cloud may not write it (default false). */
  readOnly?: boolean;
  /** Accept writes but never report it in the `read` sense (default false). */
  writeOnly?: boolean;
  /** Keep the value in flash across reboots. */
  persist?: boolean;
  timeSeries?: boolean;
  simpleTimeSeries?: boolean;
  bounds?: ParamBounds;
  /** Allowed values of a string param. */
  validStrs?: readonly string[];
}

/** The value type that goes with a data type. */
export type ValueForDataType<T extends DataType> = T extends "bool"
  ? boolean
  : T extends "int" | "float"
    ? number
    : T extends "string"
      ? string
      : T extends "array"
        ? ParamValue[]
        : { [key: string]: ParamValue };

/**
 * The one generic param constructor; every standard param helper wraps it.
 * Throws a RangeError when the initial value does not fit the declaration (a maker error at build time).
 */
export function param<T extends DataType>(name: string, dataType: T, initial: ValueForDataType<T>, options: ParamOptions = {}): ParamSpec<ValueForDataType<T>> {
  if (typeof name !== "string" || name.length === 0) throw new RangeError("param name must be a non-empty string");
  if (options.readOnly && options.writeOnly) throw new RangeError(`param ${name}: readOnly and writeOnly exclude each other`);
  if (options.timeSeries && options.simpleTimeSeries) throw new RangeError(`param ${name}: time_series and simple_ts exclude each other`);
  const description: ParamDescription = {
    name,
    dataType,
    properties: { read: !options.writeOnly, write: !options.readOnly },
  };
  if (options.type !== undefined) description.type = options.type;
  if (options.timeSeries) description.properties.timeSeries = true;
  if (options.simpleTimeSeries) description.properties.simpleTimeSeries = true;
  if (options.persist) description.properties.persist = true;
  if (options.bounds) description.bounds = { ...options.bounds };
  if (options.validStrs) description.validStrs = options.validStrs.slice();
  if (options.uiType !== undefined) description.uiType = options.uiType;
  return fromDescription(description, initial);
}

/** Wrap an existing wire description (e.g. a catalog `standardParam`) with an initial value; validates it. */
export function fromDescription<V extends ParamValue>(description: ParamDescription, initial: V): ParamSpec<V> {
  const problem = checkParamValue(description, initial);
  if (problem) throw new RangeError(`param ${description.name}: initial value ${JSON.stringify(initial)} ${problem}`);
  return Object.freeze({ description: deepFreeze(description), initial: deepFreeze(initial) });
}

import type { ParamDescription, ParamValue } from "../../protocol/rainmaker/description";
import { standardParam } from "../../protocol/rainmaker/catalog";
import type { StandardParamKind } from "../../protocol/rainmaker/catalog";
import { fromDescription, param } from "../model/param";
import type { ParamOptions, ParamSpec } from "../model/param";

/** Overrides for a standard param: a different wire name, persistence, bounds, UI or valid strings. */
export interface StandardParamOptions {
  name?: string;
  persist?: boolean;
  bounds?: ParamDescription["bounds"];
  uiType?: string;
  validStrs?: readonly string[];
  timeSeries?: boolean;
}

function standard<V extends ParamValue>(kind: StandardParamKind, initial: V, options: StandardParamOptions = {}): ParamSpec<V> {
  const properties: Partial<ParamDescription["properties"]> = {};
  if (options.persist !== undefined) properties.persist = options.persist;
  if (options.timeSeries !== undefined) properties.timeSeries = options.timeSeries;
  const overrides: Parameters<typeof standardParam>[1] = { properties };
  if (options.name !== undefined) overrides.name = options.name;
  if (options.bounds !== undefined) overrides.bounds = options.bounds;
  if (options.uiType !== undefined) overrides.uiType = options.uiType;
  if (options.validStrs !== undefined) overrides.validStrs = options.validStrs.slice();
  const description = standardParam(kind, overrides);
  if (description.properties.persist === false) delete description.properties.persist;
  if (description.properties.timeSeries === false) delete description.properties.timeSeries;
  return fromDescription(description, initial);
}

/**
 * Param factories. Standard ones take the SDK defaults from `protocol/rainmaker/catalog`
 * [spec 1.7]; the generic ones (`bool`, `int`, `float`, `string`, `object`, `array`) build custom params.
 */
export const params = Object.freeze({
  name: (initial: string, options?: StandardParamOptions) => standard("name", initial, options),
  power: (initial = false, options?: StandardParamOptions) => standard("power", initial, options),
  brightness: (initial = 100, options?: StandardParamOptions) => standard("brightness", initial, options),
  hue: (initial = 0, options?: StandardParamOptions) => standard("hue", initial, options),
  saturation: (initial = 100, options?: StandardParamOptions) => standard("saturation", initial, options),
  intensity: (initial = 100, options?: StandardParamOptions) => standard("intensity", initial, options),
  cct: (initial = 4000, options?: StandardParamOptions) => standard("cct", initial, options),
  direction: (initial = 0, options?: StandardParamOptions) => standard("direction", initial, options),
  speed: (initial = 0, options?: StandardParamOptions) => standard("speed", initial, options),
  temperature: (initial = 0, options?: StandardParamOptions) => standard("temperature", initial, options),
  bool: (name: string, initial: boolean, options?: ParamOptions) => param(name, "bool", initial, options),
  int: (name: string, initial: number, options?: ParamOptions) => param(name, "int", initial, options),
  float: (name: string, initial: number, options?: ParamOptions) => param(name, "float", initial, options),
  string: (name: string, initial: string, options?: ParamOptions) => param(name, "string", initial, options),
  object: (name: string, initial: { [key: string]: ParamValue }, options?: ParamOptions) => param(name, "object", initial, options),
  array: (name: string, initial: ParamValue[], options?: ParamOptions) => param(name, "array", initial, options),
});

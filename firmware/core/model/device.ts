import type { Attribute } from "../../protocol/rainmaker/description";
import type { ParamSpecs } from "./param";

/**
 * What kind of device a driver provides: the `esp.device.*` type and the params every device of
 * that kind has. The node adds the standard `Name` param to every device on its own.
 */
export interface DeviceTemplate<P extends ParamSpecs = ParamSpecs> {
  readonly type: string;
  readonly subtype?: string;
  readonly model?: string;
  readonly attributes?: readonly Attribute[];
  readonly params: P;
  /** Key (in `params`) of the primary param; default: the first writable param, else the first. */
  readonly primary?: string;
}

/** Options of the generic {@link device} constructor. */
export interface DeviceOptions {
  subtype?: string;
  model?: string;
  attributes?: readonly Attribute[];
  primary?: string;
}

/** The one generic device constructor; every standard device helper wraps it. */
export function device<P extends ParamSpecs>(type: string, params: P, options: DeviceOptions = {}): DeviceTemplate<P> {
  if (typeof type !== "string" || type.length === 0) throw new RangeError("device type must be a non-empty string");
  if (options.primary !== undefined && !(options.primary in params)) {
    throw new RangeError(`device ${type}: primary "${options.primary}" is not one of its params`);
  }
  const template: { -readonly [K in keyof DeviceTemplate<P>]: DeviceTemplate<P>[K] } = { type, params: Object.freeze({ ...params }) };
  if (options.subtype !== undefined) template.subtype = options.subtype;
  if (options.model !== undefined) template.model = options.model;
  if (options.attributes) template.attributes = Object.freeze(options.attributes.map((a) => Object.freeze({ name: a.name, value: a.value })));
  if (options.primary !== undefined) template.primary = options.primary;
  return Object.freeze(template);
}

import { DeviceType } from "../../protocol/rainmaker/catalog";
import { device } from "../model/device";
import type { DeviceOptions, DeviceTemplate } from "../model/device";
import type { ParamSpec } from "../model/param";
import { params } from "./params";

type Power = { power: ParamSpec<boolean> };
type Level = ParamSpec<number>;

/** Optional lightbulb params; `true` adds the param with its default initial value, a number sets the initial value. */
export interface LightbulbOptions extends DeviceOptions {
  brightness?: boolean | number;
  hue?: boolean | number;
  saturation?: boolean | number;
  cct?: boolean | number;
  intensity?: boolean | number;
}

type Flagged<O, K extends string> = K extends keyof O ? (O[K] extends false | undefined ? {} : { [Q in K]: Level }) : {};

/** Params of `devices.lightbulb(options)`: power plus each param the options turn on. */
export type LightbulbParams<O extends LightbulbOptions> = Power &
  Flagged<O, "brightness"> & Flagged<O, "hue"> & Flagged<O, "saturation"> & Flagged<O, "cct"> & Flagged<O, "intensity">;

export interface FanOptions extends DeviceOptions {
  speed?: boolean | number;
  direction?: boolean | number;
}
export type FanParams<O extends FanOptions> = Power & Flagged<O, "speed"> & Flagged<O, "direction">;

function level(option: boolean | number | undefined, make: (initial?: number) => Level): Level | undefined {
  if (option === undefined || option === false) return undefined;
  return option === true ? make() : make(option);
}

function pick(entries: Record<string, Level | undefined>): Record<string, Level> {
  const out: Record<string, Level> = {};
  for (const [key, spec] of Object.entries(entries)) if (spec) out[key] = spec;
  return out;
}

const powered = (type: string, options?: DeviceOptions): DeviceTemplate<Power> =>
  device(type, { power: params.power(false) }, { primary: "power", ...options });

/**
 * Standard device templates [spec 1.7 "Standard devices"], data helpers over {@link device}.
 * Each is a function so options can add params; pass it called or uncalled to `defineDriver`.
 */
export const devices = Object.freeze({
  switch: (options?: DeviceOptions) => powered(DeviceType.Switch, options),
  outlet: (options?: DeviceOptions) => powered(DeviceType.Outlet, options),
  plug: (options?: DeviceOptions) => powered(DeviceType.Plug, options),
  socket: (options?: DeviceOptions) => powered(DeviceType.Socket, options),
  light: (options?: DeviceOptions) => powered(DeviceType.Light, options),
  lightbulb: <O extends LightbulbOptions = {}>(options?: O): DeviceTemplate<LightbulbParams<O>> => {
    const extra = pick({
      brightness: level(options?.brightness, params.brightness),
      hue: level(options?.hue, params.hue),
      saturation: level(options?.saturation, params.saturation),
      cct: level(options?.cct, params.cct),
      intensity: level(options?.intensity, params.intensity),
    });
    const { brightness: _b, hue: _h, saturation: _s, cct: _c, intensity: _i, ...rest } = options ?? {};
    return device(DeviceType.Lightbulb, { power: params.power(false), ...extra }, { primary: "power", ...rest }) as DeviceTemplate<LightbulbParams<O>>;
  },
  fan: <O extends FanOptions = {}>(options?: O): DeviceTemplate<FanParams<O>> => {
    const extra = pick({ speed: level(options?.speed, params.speed), direction: level(options?.direction, params.direction) });
    const { speed: _s, direction: _d, ...rest } = options ?? {};
    return device(DeviceType.Fan, { power: params.power(false), ...extra }, { primary: "power", ...rest }) as DeviceTemplate<FanParams<O>>;
  },
  temperatureSensor: (options?: DeviceOptions) =>
    device(DeviceType.TemperatureSensor, { temperature: params.temperature(0) }, { primary: "temperature", ...options }),
  /** Any other device type with no standard params (e.g. a custom `esp.device.other` sensor). */
  other: (type: string = DeviceType.Other, options?: DeviceOptions) => device(type, {}, options),
});

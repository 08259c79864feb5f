/**
 * The RainMaker catalog: every standard type string and the SDK's standard param, device and
 * service defaults [spec 1.7], each defined once. Everything else in the project imports these
 * tables instead of spelling a type string.
 */
import type { Attribute, DataType, DeviceDescription, ParamBounds, ParamDescription, ParamProperties, ParamValue } from "./description";
import { deepFreeze } from "../deep-freeze";

/** `config_version` of the node config [spec 1.1]. */
export const CONFIG_VERSION = "2020-03-20";

/** `esp.device.*` type strings [spec 1.7]. */
export const DeviceType = Object.freeze({
  Switch: "esp.device.switch",
  Lightbulb: "esp.device.lightbulb",
  Fan: "esp.device.fan",
  TemperatureSensor: "esp.device.temperature-sensor",
  Light: "esp.device.light",
  Outlet: "esp.device.outlet",
  Plug: "esp.device.plug",
  Socket: "esp.device.socket",
  Lock: "esp.device.lock",
  BlindsInternal: "esp.device.blinds-internal",
  BlindsExternal: "esp.device.blinds-external",
  GarageDoor: "esp.device.garage-door",
  GarageDoorLock: "esp.device.garage-door-lock",
  Speaker: "esp.device.speaker",
  AirConditioner: "esp.device.air-conditioner",
  Thermostat: "esp.device.thermostat",
  Tv: "esp.device.tv",
  Washer: "esp.device.washer",
  Other: "esp.device.other",
  ZigbeeGateway: "esp.device.zigbee_gateway",
  ThreadBr: "esp.device.thread-br",
} as const);
export type DeviceTypeString = (typeof DeviceType)[keyof typeof DeviceType];

/** `esp.ui.*` type strings [spec 1.7]. */
export const UiType = Object.freeze({
  Toggle: "esp.ui.toggle",
  Slider: "esp.ui.slider",
  Dropdown: "esp.ui.dropdown",
  Text: "esp.ui.text",
  HueSlider: "esp.ui.hue-slider",
  HueCircle: "esp.ui.hue-circle",
  PushBtnBig: "esp.ui.push-btn-big",
  Trigger: "esp.ui.trigger",
  Hidden: "esp.ui.hidden",
  QrScan: "esp.ui.qr-scan",
} as const);
export type UiTypeString = (typeof UiType)[keyof typeof UiType];

/** `esp.service.*` type strings [spec 1.7]. */
export const ServiceType = Object.freeze({
  Ota: "esp.service.ota",
  Time: "esp.service.time",
  Schedule: "esp.service.schedule",
  Scenes: "esp.service.scenes",
  System: "esp.service.system",
  LocalControl: "esp.service.local_control",
  RmakerUserAuth: "esp.service.rmaker-user-auth",
  Groups: "esp.service.groups",
  RmakerController: "esp.service.rmaker-controller",
  Connectivity: "esp.service.connectivity",
  ThreadBr: "esp.service.thread-br",
} as const);
export type ServiceTypeString = (typeof ServiceType)[keyof typeof ServiceType];

/** `esp.param.*` type strings [spec 1.7], including those the SDK defines without a constructor. */
export const ParamType = Object.freeze({
  Name: "esp.param.name",
  Power: "esp.param.power",
  Brightness: "esp.param.brightness",
  Hue: "esp.param.hue",
  Saturation: "esp.param.saturation",
  Intensity: "esp.param.intensity",
  Cct: "esp.param.cct",
  Direction: "esp.param.direction",
  Speed: "esp.param.speed",
  Temperature: "esp.param.temperature",
  OtaStatus: "esp.param.ota_status",
  OtaInfo: "esp.param.ota_info",
  OtaUrl: "esp.param.ota_url",
  Tz: "esp.param.tz",
  TzPosix: "esp.param.tz_posix",
  Timestamp: "esp.param.timestamp",
  Schedules: "esp.param.schedules",
  Scenes: "esp.param.scenes",
  Reboot: "esp.param.reboot",
  FactoryReset: "esp.param.factory-reset",
  WifiReset: "esp.param.wifi-reset",
  LocalControlPop: "esp.param.local_control_pop",
  LocalControlType: "esp.param.local_control_type",
  UserToken: "esp.param.user-token",
  UserTokenStatus: "esp.param.user-token-status",
  BaseUrl: "esp.param.base-url",
  GroupId: "esp.param.group-id",
  Connected: "esp.param.connected",
  Toggle: "esp.param.toggle",
  Range: "esp.param.range",
  Mode: "esp.param.mode",
  BlindsPosition: "esp.param.blinds-position",
  GaragePosition: "esp.param.garage-position",
  LightMode: "esp.param.light-mode",
  AcMode: "esp.param.ac-mode",
  AddZigbeeDevice: "esp.param.add_zigbee_device",
} as const);
export type ParamTypeString = (typeof ParamType)[keyof typeof ParamType];

/** `data_type` strings [spec 1.5]. */
export const DataTypeName = Object.freeze({
  Bool: "bool",
  Int: "int",
  Float: "float",
  String: "string",
  Object: "object",
  Array: "array",
} as const satisfies Record<string, DataType>);

/** Strings of the `properties` array, in wire order [spec 1.5]. `persist` is never on the wire. */
export const PropertyName = Object.freeze({
  Read: "read",
  Write: "write",
  TimeSeries: "time_series",
  SimpleTs: "simple_ts",
} as const);

/** Node attributes the SDK adds [spec 1.3]. */
export const NodeAttribute = Object.freeze({
  CmdResp: "cmd-resp",
  NetworkId: "network-id",
} as const);

/** Service attributes the SDK adds [spec 1.3]. */
export const ServiceAttribute = Object.freeze({
  DaylightSupport: "daylight_support",
  DeactivationSupport: "deactivation_support",
} as const);

/** A standard param as the SDK's constructor creates it [spec 1.7]. */
export interface StandardParamSpec {
  readonly type: ParamTypeString;
  readonly name: string;
  readonly dataType: DataType;
  readonly properties: Readonly<ParamProperties>;
  readonly bounds?: Readonly<ParamBounds>;
  readonly uiType?: UiTypeString;
  /**
   * Initial value. Where the spec names one (OTA strings "", Schedules/Scenes "[]", System
   * bools false, Connected true) it is that; otherwise the SDK takes it from the caller and
   * this is a neutral value of the data type. For Name the caller passes the device name.
   */
  readonly defaultValue: ParamValue;
}

const RW = { read: true, write: true } as const;
const RW_PERSIST = { read: true, write: true, persist: true } as const;
const R = { read: true, write: false } as const;
const W = { read: false, write: true } as const;

/** Default count limit of the Schedules / Scenes arrays [spec 1.7, 9.2]. */
export const MAX_SCHEDULES = 10;
export const MAX_SCENES = 10;

/** The SDK's standard params with their default settings [spec 1.7 table]. */
export const StandardParams = deepFreeze({
  name: { type: ParamType.Name, name: "Name", dataType: "string", properties: RW_PERSIST, defaultValue: "" },
  power: { type: ParamType.Power, name: "Power", dataType: "bool", properties: RW, uiType: UiType.Toggle, defaultValue: false },
  brightness: { type: ParamType.Brightness, name: "Brightness", dataType: "int", properties: RW, bounds: { min: 0, max: 100, step: 1 }, uiType: UiType.Slider, defaultValue: 0 },
  hue: { type: ParamType.Hue, name: "Hue", dataType: "int", properties: RW, bounds: { min: 0, max: 360, step: 1 }, uiType: UiType.HueSlider, defaultValue: 0 },
  saturation: { type: ParamType.Saturation, name: "Saturation", dataType: "int", properties: RW, bounds: { min: 0, max: 100, step: 1 }, uiType: UiType.Slider, defaultValue: 0 },
  intensity: { type: ParamType.Intensity, name: "Intensity", dataType: "int", properties: RW, bounds: { min: 0, max: 100, step: 1 }, uiType: UiType.Slider, defaultValue: 0 },
  cct: { type: ParamType.Cct, name: "CCT", dataType: "int", properties: RW, bounds: { min: 2700, max: 6500, step: 100 }, uiType: UiType.Slider, defaultValue: 2700 },
  direction: { type: ParamType.Direction, name: "Direction", dataType: "int", properties: RW, bounds: { min: 0, max: 1, step: 1 }, uiType: UiType.Dropdown, defaultValue: 0 },
  speed: { type: ParamType.Speed, name: "Speed", dataType: "int", properties: RW, bounds: { min: 0, max: 5, step: 1 }, uiType: UiType.Slider, defaultValue: 0 },
  temperature: { type: ParamType.Temperature, name: "Temperature", dataType: "float", properties: { read: true, write: false, timeSeries: true }, uiType: UiType.Text, defaultValue: 0 },
  otaStatus: { type: ParamType.OtaStatus, name: "Status", dataType: "string", properties: R, defaultValue: "" },
  otaInfo: { type: ParamType.OtaInfo, name: "Info", dataType: "string", properties: R, defaultValue: "" },
  otaUrl: { type: ParamType.OtaUrl, name: "URL", dataType: "string", properties: W, defaultValue: "" },
  tz: { type: ParamType.Tz, name: "TZ", dataType: "string", properties: RW, defaultValue: "" },
  tzPosix: { type: ParamType.TzPosix, name: "TZ-POSIX", dataType: "string", properties: RW, defaultValue: "" },
  timestamp: { type: ParamType.Timestamp, name: "Timestamp", dataType: "int", properties: RW, defaultValue: 0 },
  schedules: { type: ParamType.Schedules, name: "Schedules", dataType: "array", properties: RW_PERSIST, bounds: { max: MAX_SCHEDULES }, defaultValue: [] },
  scenes: { type: ParamType.Scenes, name: "Scenes", dataType: "array", properties: RW_PERSIST, bounds: { max: MAX_SCENES }, defaultValue: [] },
  reboot: { type: ParamType.Reboot, name: "Reboot", dataType: "bool", properties: RW, defaultValue: false },
  factoryReset: { type: ParamType.FactoryReset, name: "Factory-Reset", dataType: "bool", properties: RW, defaultValue: false },
  wifiReset: { type: ParamType.WifiReset, name: "Wi-Fi-Reset", dataType: "bool", properties: RW, defaultValue: false },
  localControlPop: { type: ParamType.LocalControlPop, name: "POP", dataType: "string", properties: R, defaultValue: "" },
  localControlType: { type: ParamType.LocalControlType, name: "Type", dataType: "int", properties: R, defaultValue: 0 },
  userToken: { type: ParamType.UserToken, name: "UserToken", dataType: "string", properties: { read: false, write: true, persist: true }, defaultValue: "" },
  userTokenStatus: { type: ParamType.UserTokenStatus, name: "UserTokenStatus", dataType: "int", properties: R, defaultValue: 0 },
  baseUrl: { type: ParamType.BaseUrl, name: "BaseURL", dataType: "string", properties: RW_PERSIST, defaultValue: "" },
  groupId: { type: ParamType.GroupId, name: "GroupID", dataType: "string", properties: RW, defaultValue: "" },
  connected: { type: ParamType.Connected, name: "Connected", dataType: "bool", properties: R, defaultValue: true },
} as const satisfies Record<string, StandardParamSpec>);
export type StandardParamKind = keyof typeof StandardParams;

/** Fields a caller may override when creating a standard param. */
export type ParamOverrides = Partial<Omit<ParamDescription, "properties" | "bounds">> & {
  properties?: Partial<ParamProperties>;
  bounds?: ParamBounds;
};

/** A fresh, mutable param description of a standard kind, with optional overrides. */
export function standardParam(kind: StandardParamKind, overrides?: ParamOverrides): ParamDescription {
  const s: StandardParamSpec = StandardParams[kind];
  const p: ParamDescription = {
    name: overrides?.name ?? s.name,
    type: overrides?.type ?? s.type,
    dataType: overrides?.dataType ?? s.dataType,
    properties: { ...s.properties, ...overrides?.properties },
  };
  const bounds = overrides?.bounds ?? s.bounds;
  if (bounds) p.bounds = { ...bounds };
  const validStrs = overrides?.validStrs;
  if (validStrs) p.validStrs = validStrs.slice();
  const uiType = overrides?.uiType ?? s.uiType;
  if (uiType !== undefined) p.uiType = uiType;
  return p;
}

/** A standard device: its type, params and primary param [spec 1.7 "Standard devices"]. */
export interface StandardDeviceSpec {
  readonly type: DeviceTypeString;
  readonly params: readonly StandardParamKind[];
  readonly primary: StandardParamKind;
}

export const StandardDevices = deepFreeze({
  switch: { type: DeviceType.Switch, params: ["name", "power"], primary: "power" },
  lightbulb: { type: DeviceType.Lightbulb, params: ["name", "power"], primary: "power" },
  fan: { type: DeviceType.Fan, params: ["name", "power"], primary: "power" },
  temperatureSensor: { type: DeviceType.TemperatureSensor, params: ["name", "temperature"], primary: "temperature" },
} as const satisfies Record<string, StandardDeviceSpec>);
export type StandardDeviceKind = keyof typeof StandardDevices;

/** A standard service: fixed name, type, default params, optional params, SDK attributes [spec 1.7]. */
export interface StandardServiceSpec {
  readonly name: string;
  readonly type: ServiceTypeString;
  readonly params: readonly StandardParamKind[];
  readonly optionalParams: readonly StandardParamKind[];
  readonly attributes: readonly Readonly<Attribute>[];
}

export const StandardServices = deepFreeze({
  ota: { name: "OTA", type: ServiceType.Ota, params: ["otaStatus", "otaInfo", "otaUrl"], optionalParams: [], attributes: [] },
  time: { name: "Time", type: ServiceType.Time, params: ["tz", "tzPosix"], optionalParams: ["timestamp"], attributes: [] },
  schedule: { name: "Schedule", type: ServiceType.Schedule, params: ["schedules"], optionalParams: [], attributes: [{ name: ServiceAttribute.DaylightSupport, value: "yes" }] },
  scenes: { name: "Scenes", type: ServiceType.Scenes, params: ["scenes"], optionalParams: [], attributes: [{ name: ServiceAttribute.DeactivationSupport, value: "no" }] },
  system: { name: "System", type: ServiceType.System, params: ["reboot", "factoryReset", "wifiReset"], optionalParams: [], attributes: [] },
  localControl: { name: "Local Control", type: ServiceType.LocalControl, params: ["localControlPop", "localControlType"], optionalParams: [], attributes: [] },
  userAuth: { name: "RMUserAuth", type: ServiceType.RmakerUserAuth, params: ["userToken", "baseUrl", "userTokenStatus"], optionalParams: [], attributes: [] },
  groups: { name: "Groups", type: ServiceType.Groups, params: ["groupId"], optionalParams: [], attributes: [] },
  connectivity: { name: "Connectivity", type: ServiceType.Connectivity, params: ["connected"], optionalParams: [], attributes: [] },
} as const satisfies Record<string, StandardServiceSpec>);
export type StandardServiceKind = keyof typeof StandardServices;

/**
 * A fresh service description of a standard kind. `params` picks which of the service's default and
 * optional params to include (in the given order; default: the service's default params);
 * `attributes` replaces the SDK attributes (e.g. Scenes `deactivation_support`).
 */
export function standardService(
  kind: StandardServiceKind,
  opts?: { params?: readonly StandardParamKind[]; attributes?: readonly Attribute[] },
): DeviceDescription {
  const s: StandardServiceSpec = StandardServices[kind];
  const kinds = opts?.params ?? s.params;
  for (const k of kinds) {
    if (!s.params.includes(k) && !s.optionalParams.includes(k)) {
      throw new RangeError(`param kind "${k}" does not belong to the ${s.name} service`);
    }
  }
  const d: DeviceDescription = { name: s.name, type: s.type, params: kinds.map((k) => standardParam(k)) };
  const attrs = opts?.attributes ?? s.attributes;
  if (attrs.length > 0) d.attributes = attrs.map((a) => ({ name: a.name, value: a.value }));
  return d;
}

/** A fresh device description of a standard kind named `name`; the primary param is set. */
export function standardDevice(kind: StandardDeviceKind, name: string): DeviceDescription {
  const s: StandardDeviceSpec = StandardDevices[kind];
  return {
    name,
    type: s.type,
    primary: StandardParams[s.primary].name,
    params: s.params.map((k) => standardParam(k)),
  };
}

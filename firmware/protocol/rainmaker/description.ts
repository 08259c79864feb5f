/**
 * The wire-level self-description of a node [spec 1]: what the node config JSON encodes and what
 * the params codec validates against. `core` builds these from drivers; `cloud-stub` parses them.
 */

/** `data_type` strings [spec 1.5]. */
export type DataType = "bool" | "int" | "float" | "string" | "object" | "array";

/** A param value as held in memory. Objects and arrays are kept as parsed JSON. */
export type ParamValue = boolean | number | string | null | ParamValue[] | { [key: string]: ParamValue };

/** Property flags [spec 1.5]; `persist` is never reported on the wire. */
export interface ParamProperties {
  read: boolean;
  write: boolean;
  timeSeries?: boolean;
  simpleTimeSeries?: boolean;
  persist?: boolean;
}

export interface ParamBounds {
  min?: number;
  max?: number;
  step?: number;
}

export interface ParamDescription {
  name: string;
  /** `esp.param.*` type string, if any. */
  type?: string;
  dataType: DataType;
  properties: ParamProperties;
  bounds?: ParamBounds;
  /** Allowed strings for a string param. */
  validStrs?: string[];
  /** `esp.ui.*` type string, if any. */
  uiType?: string;
}

export interface Attribute {
  name: string;
  value: string;
}

/** A device or a service: the same shape on the wire [spec 1.4]. */
export interface DeviceDescription {
  name: string;
  type?: string;
  subtype?: string;
  model?: string;
  attributes?: Attribute[];
  /** Name of the primary param. */
  primary?: string;
  params: ParamDescription[];
}

export interface NodeInfo {
  name: string;
  fwVersion: string;
  type: string;
  subtype?: string;
  readme?: string;
  model: string;
  projectName: string;
  platform: string;
  /** Secure Boot v2 key digests, one key per slot (`k0`, `k1`, ...); value null for an empty slot [spec 1.2]. */
  secureBootDigest?: Record<string, string | null>;
}

export interface NodeDescription {
  nodeId: string;
  info: NodeInfo;
  attributes?: Attribute[];
  devices: DeviceDescription[];
  services: DeviceDescription[];
}

/** Params of a node by device/service name, then param name [spec 2.1]. */
export type ParamsDocument = Record<string, Record<string, ParamValue>>;

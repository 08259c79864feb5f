/** The parts of a node config [spec 1] and params document [spec 2.1] the dashboard reads. */
export type ParamValue = boolean | number | string | unknown[] | Record<string, unknown> | null;

export interface ParamBounds {
  min?: number;
  max?: number;
  step?: number;
}

export interface ParamConfig {
  name: string;
  type?: string;
  data_type: string;
  properties: string[];
  bounds?: ParamBounds;
  valid_strs?: string[];
  ui_type?: string;
}

export interface DeviceConfig {
  name: string;
  type?: string;
  primary?: string;
  params?: ParamConfig[];
}

export interface NodeConfig {
  node_id?: string;
  info?: { name?: string; fw_version?: string; type?: string; model?: string };
  devices?: DeviceConfig[];
  services?: DeviceConfig[];
}

export type ParamsDoc = Record<string, Record<string, ParamValue>>;

export interface NodeDetails {
  id: string;
  config: NodeConfig;
  params: ParamsDoc;
  status: { connectivity: { connected: boolean; timestamp: number } };
  mapping_timestamp?: number;
}

/** Reads a config that came over the wire: anything malformed is dropped, never thrown. */
export function sanitizeConfig(raw: unknown): NodeConfig {
  const obj = isRecord(raw) ? raw : {};
  const info = isRecord(obj.info) ? obj.info : {};
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    node_id: str(obj.node_id),
    info: { name: str(info.name), fw_version: str(info.fw_version), type: str(info.type), model: str(info.model) },
    devices: sanitizeDevices(obj.devices),
    services: sanitizeDevices(obj.services),
  };
}

function sanitizeDevices(raw: unknown): DeviceConfig[] {
  if (!Array.isArray(raw)) return [];
  const out: DeviceConfig[] = [];
  for (const d of raw) {
    if (!isRecord(d) || typeof d.name !== "string") continue;
    const params: ParamConfig[] = [];
    for (const p of Array.isArray(d.params) ? d.params : []) {
      if (!isRecord(p) || typeof p.name !== "string") continue;
      params.push({
        name: p.name,
        type: typeof p.type === "string" ? p.type : undefined,
        data_type: typeof p.data_type === "string" ? p.data_type : "invalid",
        properties: Array.isArray(p.properties) ? p.properties.filter((x): x is string => typeof x === "string") : [],
        bounds: isRecord(p.bounds) ? numericBounds(p.bounds) : undefined,
        valid_strs: Array.isArray(p.valid_strs) ? p.valid_strs.filter((x): x is string => typeof x === "string") : undefined,
        ui_type: typeof p.ui_type === "string" ? p.ui_type : undefined,
      });
    }
    out.push({ name: d.name, type: typeof d.type === "string" ? d.type : undefined, primary: typeof d.primary === "string" ? d.primary : undefined, params });
  }
  return out;
}

function numericBounds(b: Record<string, unknown>): ParamBounds {
  const out: ParamBounds = {};
  for (const key of ["min", "max", "step"] as const) {
    const v = b[key];
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

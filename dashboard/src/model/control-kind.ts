/**
 * Which control renders a param: from its `ui_type` when the data type fits [spec 1.7], else from its
 * data type, bounds and properties [spec 1.5]. Nothing here is written per device.
 */
import type { ParamConfig } from "./node-config";

export type ControlKind =
  | "hidden"
  | "toggle"
  | "push-button"
  | "slider"
  | "hue-slider"
  | "dropdown"
  | "number"
  | "text"
  | "json"
  | "readout";

export const UiTypes = Object.freeze({
  toggle: "esp.ui.toggle",
  slider: "esp.ui.slider",
  dropdown: "esp.ui.dropdown",
  text: "esp.ui.text",
  hueSlider: "esp.ui.hue-slider",
  hueCircle: "esp.ui.hue-circle",
  pushButtonBig: "esp.ui.push-btn-big",
  trigger: "esp.ui.trigger",
  hidden: "esp.ui.hidden",
  qrScan: "esp.ui.qr-scan",
});

const Numeric = new Set(["int", "float"]);

export function isWritable(p: ParamConfig): boolean {
  return p.properties.includes("write");
}

/** `time_series` / `simple_ts` numeric params get a chart of recent values [spec 2.4]. */
export function hasChart(p: ParamConfig): boolean {
  return Numeric.has(p.data_type) && (p.properties.includes("time_series") || p.properties.includes("simple_ts"));
}

function hasRange(p: ParamConfig): boolean {
  return p.bounds?.min !== undefined && p.bounds.max !== undefined && p.bounds.max > p.bounds.min;
}

export function controlKind(p: ParamConfig): ControlKind {
  if (p.ui_type === UiTypes.hidden) return "hidden";
  if (!isWritable(p)) return p.data_type === "object" || p.data_type === "array" ? "json" : "readout";
  const numeric = Numeric.has(p.data_type);
  switch (p.ui_type) {
    case UiTypes.toggle:
      if (p.data_type === "bool") return "toggle";
      break;
    case UiTypes.pushButtonBig:
    case UiTypes.trigger:
      if (p.data_type === "bool") return "push-button";
      break;
    case UiTypes.hueSlider:
    case UiTypes.hueCircle:
      if (numeric) return "hue-slider";
      break;
    case UiTypes.slider:
      if (numeric && hasRange(p)) return "slider";
      break;
    case UiTypes.dropdown:
      if (p.data_type === "string" && (p.valid_strs?.length ?? 0) > 0) return "dropdown";
      if (p.data_type === "int" && hasRange(p)) return "dropdown";
      break;
    case UiTypes.text:
    case UiTypes.qrScan:
      if (p.data_type === "string") return "text";
      break;
  }
  return fallbackKind(p);
}

/** Unknown or mismatched UI types fall back by data type. */
function fallbackKind(p: ParamConfig): ControlKind {
  switch (p.data_type) {
    case "bool":
      return "toggle";
    case "int":
    case "float":
      return hasRange(p) ? "slider" : "number";
    case "string":
      return (p.valid_strs?.length ?? 0) > 0 ? "dropdown" : "text";
    case "object":
    case "array":
      return "json";
    default:
      return "readout";
  }
}

/** Dropdown choices: `valid_strs`, or min..max by step for an int dropdown (e.g. Direction 0..1). */
export function dropdownOptions(p: ParamConfig): (string | number)[] {
  if (p.data_type === "string") return p.valid_strs ?? [];
  const { min = 0, max = 0 } = p.bounds ?? {};
  const step = p.bounds?.step && p.bounds.step > 0 ? p.bounds.step : 1;
  const out: number[] = [];
  for (let v = min; v <= max && out.length < 1000; v += step) out.push(v);
  return out;
}

const Units: Readonly<Record<string, string>> = Object.freeze({
  "esp.param.temperature": "°C",
  "esp.param.brightness": "%",
  "esp.param.saturation": "%",
  "esp.param.intensity": "%",
  "esp.param.cct": "K",
  "esp.param.hue": "°",
});

export function unitOf(p: ParamConfig): string {
  return (p.type && Units[p.type]) ?? "";
}

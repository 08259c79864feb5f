import type { ParamDescription } from "../../protocol/rainmaker/description";
import { KV_LIMITS } from "../../protocol/limits";

/**
 * Why `value` cannot be held by the param `description`, or undefined when it can.
 * Checks the data type, int32 range for ints, finite numbers, bounds min/max (and max count for
 * arrays) and `valid_strs`. `step` is a UI hint and is not enforced (the SDK does not either) [spec 2.2].
 */
export function checkParamValue(description: Readonly<ParamDescription>, value: unknown): string | undefined {
  const bounds = description.bounds;
  switch (description.dataType) {
    case "bool":
      return typeof value === "boolean" ? undefined : "is not a bool";
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) return "is not an int";
      if (value < KV_LIMITS.minInt || value > KV_LIMITS.maxInt) return "is outside the int32 range";
      return checkRange(value, bounds);
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) return "is not a finite number";
      return checkRange(value, bounds);
    case "string":
      if (typeof value !== "string") return "is not a string";
      if (description.validStrs && !description.validStrs.includes(value)) return `is not one of ${JSON.stringify(description.validStrs)}`;
      return undefined;
    case "array":
      if (!Array.isArray(value)) return "is not an array";
      if (bounds?.max !== undefined && value.length > bounds.max) return `has more than ${bounds.max} elements`;
      return isJsonValue(value, 0) ? undefined : "holds a value JSON cannot carry";
    case "object":
      if (value === null || typeof value !== "object" || Array.isArray(value)) return "is not an object";
      return isJsonValue(value, 0) ? undefined : "holds a value JSON cannot carry";
    default:
      return `has an unknown data type ${String(description.dataType)}`;
  }
}

function checkRange(value: number, bounds: ParamDescription["bounds"]): string | undefined {
  if (bounds?.min !== undefined && value < bounds.min) return `is below the minimum ${bounds.min}`;
  if (bounds?.max !== undefined && value > bounds.max) return `is above the maximum ${bounds.max}`;
  return undefined;
}

const MAX_DEPTH = 32;

function isJsonValue(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === "boolean" || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  }
  return false;
}

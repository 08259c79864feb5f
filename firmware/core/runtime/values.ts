import { deepFreeze } from "../../protocol/deep-freeze";
import type { ParamValue } from "../../protocol/rainmaker/description";

/** Equal as param values: identical primitives, or the same JSON for objects and arrays. */
export function sameValue(a: ParamValue, b: ParamValue): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A frozen private copy of a value (objects and arrays are copied first, so callers keep theirs). */
export function frozenCopy(value: ParamValue): ParamValue {
  return deepFreeze(typeof value === "object" && value !== null ? (JSON.parse(JSON.stringify(value)) as ParamValue) : value);
}

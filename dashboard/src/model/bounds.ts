/**
 * Fits a numeric value to a param's bounds and step [spec 1.5]. The device core does not validate
 * [spec 2.2 step 3], so the dashboard does, and says when it changed what the user asked for.
 */
import type { ParamBounds } from "./node-config";

export interface Fitted {
  value: number;
  /** Why the value differs from the input, or null when it did not. */
  note: string | null;
}

export function fitToBounds(input: number, bounds: ParamBounds | undefined, dataType: string): Fitted | { error: string } {
  if (!Number.isFinite(input)) return { error: "Enter a number" };
  const { min, max, step } = bounds ?? {};
  let value = input;
  let note: string | null = null;
  if (min !== undefined && value < min) {
    value = min;
    note = `limited to the minimum ${min}`;
  } else if (max !== undefined && value > max) {
    value = max;
    note = `limited to the maximum ${max}`;
  }
  if (step !== undefined && step > 0) {
    const base = min ?? 0;
    const snapped = base + Math.round((value - base) / step) * step;
    const fixed = Number(snapped.toFixed(6));
    value = max !== undefined && fixed > max ? fixed - step : fixed;
    if (min !== undefined && value < min) value = min;
    if (note === null && value !== input) note = `rounded to a step of ${step}`;
  }
  if (dataType === "int" && !Number.isInteger(value)) {
    value = Math.round(value);
    if (note === null) note = "rounded to a whole number";
  }
  return { value, note };
}

import config from "mc/config";
import { readConfigIntegers } from "./config-integers";

/**
 * Integer settings from the app manifest's `config` (merged by mcconfig from the top-level and
 * the app's manifest.json), e.g. `configIntegers("pins", ["red", "button"])` for
 * `"config": {"pins": {"red": 25, "button": 0}}`. Examples read their pins here, so they never
 * import `mc/config` themselves. Throws naming the key when one is missing or not an integer.
 */
export function configIntegers<const K extends string>(section: string, names: readonly K[]): Readonly<Record<K, number>> {
  return readConfigIntegers(config as Readonly<Record<string, unknown>>, section, names);
}

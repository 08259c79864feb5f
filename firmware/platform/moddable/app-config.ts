import config from "mc/config";
import type { AgentOtaConfig } from "../../core/agent/agent";
import type { LogPort } from "../../ports/log";
import { readConfigIntegers } from "./config-integers";
import { otaConfigFrom } from "./ota-public-key";

/**
 * Integer settings from the app manifest's `config` (merged by mcconfig from the top-level and
 * the app's manifest.json), e.g. `configIntegers("pins", ["red", "button"])` for
 * `"config": {"pins": {"red": 25, "button": 0}}`. Examples read their pins here, so they never
 * import `mc/config` themselves. Throws naming the key when one is missing or not an integer.
 */
export function configIntegers<const K extends string>(section: string, names: readonly K[]): Readonly<Record<K, number>> {
  return readConfigIntegers(config as Readonly<Record<string, unknown>>, section, names);
}

/**
 * The agent's `ota` setting from the manifest's `config.ota.publicKey` (written by
 * `xs-rainmaker flash --ota-key`), or undefined, logged as "OTA off", when the image has no usable
 * key: `startAgent(platform, app, { ..., ota: otaConfig(platform.log) })`.
 */
export function otaConfig(log: LogPort): AgentOtaConfig | undefined {
  return otaConfigFrom(config as Readonly<Record<string, unknown>>, log);
}

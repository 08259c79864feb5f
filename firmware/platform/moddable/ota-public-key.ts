import type { LogPort } from "../../ports/log";
import { fromHex } from "../../protocol/bytes";
import type { ManifestConfig } from "./config-integers";

/** The manifest key, and its length: an uncompressed SEC1 P-256 point, 0x04 || X || Y. */
export const OtaPublicKeyConfig = Object.freeze({ key: "ota.publicKey", bytes: 65, hexDigits: 130, prefix: 0x04 });

const HexDigits = /^[0-9a-fA-F]*$/;

/**
 * Parses the manifest `config.ota.publicKey` value (130 hex digits starting `04`, surrounding
 * whitespace ignored) into the 65-byte point the agent's `ota.publicKey` takes. Throws an error
 * starting with `where` (default: the manifest key) and saying what is wrong: not a string, not
 * hex, wrong length, not starting with 04.
 */
export function parseOtaPublicKey(value: unknown, where = `manifest config "${OtaPublicKeyConfig.key}"`): Uint8Array {
  if (typeof value !== "string") throw new Error(`${where}: expected a hex string, got ${value === null ? "null" : typeof value}`);
  const text = value.trim();
  if (!HexDigits.test(text)) throw new Error(`${where}: not hex (only 0-9 and a-f allowed)`);
  if (text.length !== OtaPublicKeyConfig.hexDigits) {
    throw new Error(`${where}: ${text.length} hex digits, expected ${OtaPublicKeyConfig.hexDigits} (a ${OtaPublicKeyConfig.bytes}-byte uncompressed P-256 point)`);
  }
  const bytes = fromHex(text);
  if (bytes[0] !== OtaPublicKeyConfig.prefix) throw new Error(`${where}: starts with ${text.slice(0, 2)}, expected 04 (uncompressed P-256 point)`);
  return bytes;
}

/** The raw `ota.publicKey` value: the flat key an `mcconfig ... ota.publicKey=...` override sets, else `config.ota.publicKey`. */
function rawOtaPublicKey(config: ManifestConfig): unknown {
  if (OtaPublicKeyConfig.key in config) return config[OtaPublicKeyConfig.key];
  const ota = config["ota"];
  return typeof ota === "object" && ota !== null ? (ota as Readonly<Record<string, unknown>>)["publicKey"] : undefined;
}

/**
 * The agent's OTA setting from the manifest `config`: `{ publicKey }`, or undefined (one log line
 * each) when the image has no key (warn) or a malformed one (error); the node then runs without
 * updates rather than not at all.
 */
export function otaConfigFrom(config: ManifestConfig, log: LogPort): { publicKey: Uint8Array } | undefined {
  const raw = rawOtaPublicKey(config);
  if (raw === undefined) {
    log.log("warn", "ota", `OTA off: this image has no config.${OtaPublicKeyConfig.key} (build it with \`xs-rainmaker flash --ota-key ota-public-key.txt\`)`);
    return undefined;
  }
  try {
    return { publicKey: parseOtaPublicKey(raw) };
  } catch (error) {
    log.log("error", "ota", `OTA off: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

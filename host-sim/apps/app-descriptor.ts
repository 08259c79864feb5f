/**
 * The app descriptor of a simulator firmware binary: its first line names the project and the
 * version, as `esp_app_desc_t` does inside an ESP32 application binary. The simulated boot loader
 * reads it from the running slot, so the node reports the firmware it really runs
 * (`info.fw_version` = `esp_app_desc_t.version`, `project_name` = the running image's [spec 1.2]).
 *
 * Line format: `/*xs-rainmaker-app {"project_name":"lightbulb","version":"1.2.0"}*\/` then `\n`:
 * a JavaScript comment, so the bundle stays a valid module.
 */
import { utf8Decode, utf8Encode } from "../../firmware/protocol/bytes";

export interface AppDescriptor {
  projectName: string;
  version: string;
}

export const AppDescriptorFormat = Object.freeze({
  prefix: "/*xs-rainmaker-app ",
  suffix: "*/",
  /** `esp_app_desc_t.version` and `.project_name` are char[32] (NUL included). */
  maxFieldChars: 31,
  /** The line must end within this many bytes of the binary's start. */
  maxLineBytes: 256,
});

/** The identity of a freshly flashed simulator (the factory image). */
export const FactoryFirmwareVersion = "1.0.0";

const FIELD = /^[\x20-\x7e]+$/;

function checkField(name: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0) return `${name} missing`;
  if (value.length > AppDescriptorFormat.maxFieldChars) return `${name} longer than ${AppDescriptorFormat.maxFieldChars} characters`;
  if (!FIELD.test(value) || value.indexOf("*/") >= 0 || value.indexOf("\\") >= 0 || value.indexOf('"') >= 0) return `${name} has characters outside printable ASCII or "*/"`;
  return undefined;
}

/** The descriptor line (with its newline) that starts a simulator firmware binary. Throws on an invalid field. */
export function appDescriptorLine(descriptor: AppDescriptor): string {
  const error = checkField("project name", descriptor.projectName) ?? checkField("version", descriptor.version);
  if (error) throw new RangeError(`app descriptor: ${error}`);
  return `${AppDescriptorFormat.prefix}${JSON.stringify({ project_name: descriptor.projectName, version: descriptor.version })}${AppDescriptorFormat.suffix}\n`;
}

export type ReadDescriptor = { ok: true; value: AppDescriptor } | { ok: false; error: string };

/** Reads the descriptor from the first bytes of a binary; never throws. */
export function readAppDescriptor(head: Uint8Array): ReadDescriptor {
  const limit = Math.min(head.length, AppDescriptorFormat.maxLineBytes);
  let end = -1;
  for (let i = 0; i < limit; i++) {
    if (head[i] === 0x0a) {
      end = i;
      break;
    }
  }
  if (end < 0) return { ok: false, error: `no descriptor line in the first ${AppDescriptorFormat.maxLineBytes} bytes` };
  let line: string;
  try {
    line = utf8Decode(head.subarray(0, end));
  } catch {
    return { ok: false, error: "descriptor line is not UTF-8" };
  }
  const { prefix, suffix } = AppDescriptorFormat;
  if (!line.startsWith(prefix) || !line.endsWith(suffix)) return { ok: false, error: "binary does not start with an xs-rainmaker app descriptor" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(prefix.length, line.length - suffix.length));
  } catch {
    return { ok: false, error: "descriptor is not JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, error: "descriptor is not an object" };
  const fields = parsed as { project_name?: unknown; version?: unknown };
  const error = checkField("project name", fields.project_name) ?? checkField("version", fields.version);
  if (error) return { ok: false, error };
  return { ok: true, value: { projectName: fields.project_name as string, version: fields.version as string } };
}

/** Bytes of the descriptor line, for a binary built in memory. */
export function appDescriptorBytes(descriptor: AppDescriptor): Uint8Array {
  return utf8Encode(appDescriptorLine(descriptor));
}

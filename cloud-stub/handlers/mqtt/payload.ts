/** Bounded, prototype-free JSON decoding of device payloads (the protocol's `readJson`). */
import { readJson } from "../../../firmware/protocol/rainmaker/json-reader";
import { utf8Decode } from "../../../firmware/protocol/bytes";
import type { ParamValue } from "../../../firmware/protocol/rainmaker/description";

/** Deepest nesting accepted from a device (params objects may hold nested JSON values). */
const MaxDepth = 16;

export type PayloadResult = { ok: true; value: ParamValue } | { ok: false; error: string };

export function decodeJsonPayload(payload: Uint8Array): PayloadResult {
  let text: string;
  try {
    text = utf8Decode(payload);
  } catch (err) {
    return { ok: false, error: `payload is not UTF-8: ${String(err)}` };
  }
  return readJson(text, { maxDepth: MaxDepth });
}

export function isPlainObject(v: unknown): v is Record<string, ParamValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Alerts on the `alert` topic [spec 2.3]: `{"esp.alert.str":"<msg>"}`, or a params document for
 * params updated with notify.
 */
import { utf8Length } from "../bytes";
import type { ParamsDocument } from "./description";
import { type Decoded, decodeMessage } from "./json-fields";
import { JsonWriter } from "./json-writer";
import { RAINMAKER_LIMITS } from "./limits";

/** Key of a text alert [spec 2.3]. */
export const ALERT_KEY = "esp.alert.str";

/**
 * Cuts `msg` to at most `ESP_RMAKER_MAX_ALERT_LEN` (100) bytes of UTF-8, the C limit, without
 * splitting a character (for ASCII this is 100 chars).
 */
export function truncateAlert(msg: string): string {
  const max = RAINMAKER_LIMITS.alertChars;
  if (msg.length <= max / 3 || utf8Length(msg) <= max) return msg;
  let bytes = 0;
  let i = 0;
  while (i < msg.length) {
    const c = msg.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < msg.length && (msg.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const n = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (bytes + n > max) break;
    bytes += n;
    i += pair ? 2 : 1;
  }
  return msg.slice(0, i);
}

/** `{"esp.alert.str":"<msg truncated>"}` [spec 2.3]. */
export function encodeAlert(msg: string): string {
  return new JsonWriter().beginObject().keyString(ALERT_KEY, truncateAlert(msg)).endObject().toString();
}

export type Alert = { kind: "text"; message: string } | { kind: "params"; params: ParamsDocument };

const LIMITS = Object.freeze({ maxBytes: 8192, maxDepth: 10 });

/**
 * Cloud side: a text alert, or a notify params document (validate it with `decodeReport` against
 * the node config). Never throws.
 */
export function decodeAlert(text: string): Decoded<Alert> {
  return decodeMessage<Alert>(text, "alert", LIMITS, (f) => {
    if (f.has(ALERT_KEY)) return { kind: "text", message: f.string(ALERT_KEY) };
    for (const k of Object.keys(f.obj)) f.object(k);
    return { kind: "params", params: f.obj as ParamsDocument };
  });
}

/** Server-Sent Events framing (WHATWG HTML, "event stream" format): one `event:` line and one `data:` line. */
import type { LiveEvent } from "./events";

/** `JSON.stringify` escapes CR/LF, so the payload always stays on one `data:` line. */
export function sseFrame(event: string, data: unknown): string {
  if (!/^[a-z-]{1,32}$/.test(event)) throw new Error(`invalid SSE event name: ${JSON.stringify(event)}`);
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function liveEventFrame(ev: LiveEvent): string {
  return sseFrame(ev.kind, ev);
}

/** A comment line: keeps proxies and the browser from timing the stream out. */
export const SseHeartbeat = ": ping\n\n";

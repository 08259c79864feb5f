import type { IncomingMessage } from "node:http";

/** A node:http message's headers as the ports carry them: lower-case names, repeated values joined by ", ". */
export function flatHeaders(message: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

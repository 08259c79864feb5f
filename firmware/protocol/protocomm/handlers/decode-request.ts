import { decode } from "../wire";
import type { MessageSchema } from "../schema";

/** Decodes a handler's request; a malformed body throws the `ProtoError`, which the core turns into a close. */
export function decodeRequest<T>(schema: MessageSchema<T>, body: Uint8Array): T {
  const r = decode(schema, body);
  if (!r.ok) throw r.error;
  return r.value;
}

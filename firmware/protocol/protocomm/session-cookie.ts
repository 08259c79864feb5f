/** Session cookie helpers for the SoftAP/HTTP transport [spec 6.1, vectors README rule 1]. */

const SESSION_ID_BYTES = 4;

/** Number of random bytes a session id consumes. */
export const SESSION_ID_RANDOM_LENGTH = SESSION_ID_BYTES;

/** u32 session id from 4 random bytes, read little-endian (as the ESP32's esp_random word in memory). */
export function sessionIdFromRandom(bytes: Uint8Array): number {
  if (bytes.length !== SESSION_ID_BYTES) throw new RangeError("session id needs 4 random bytes");
  return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
}

/** The `session` value of a Cookie header, or undefined when absent or not a u32. */
export function parseSessionCookie(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== "session") continue;
    const v = part.slice(eq + 1).trim();
    if (!/^[0-9]{1,10}$/.test(v)) return undefined;
    const n = Number(v);
    return n <= 0xffffffff ? n : undefined;
  }
  return undefined;
}

export function formatSessionCookie(id: number): string {
  return `session=${id}`;
}

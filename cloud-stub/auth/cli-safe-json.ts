/**
 * JSON bytes whose base64url form equals their standard base64 form [cloud-rest-api 0: the CLI decodes
 * the JWT payload with standard base64, silently dropping `-` and `_`].
 *
 * For 7-bit input, a base64 digit is 62/63 (`-`/`_` in base64url) only when the third byte of a 3-byte
 * group has low six bits 0x3E/0x3F, i.e. is one of `>`, `?`, `~`, DEL. Those (and every non-ASCII or
 * control character) can only occur inside JSON strings, so they are written as `\uXXXX` escapes.
 * Trailing spaces then make the length a multiple of 3 so no `=` padding differs either.
 */
const Unsafe = /[^\x20-\x3d\x40-\x7d]/g;

export function cliSafeJsonBytes(value: unknown): Uint8Array {
  const text = JSON.stringify(value).replace(Unsafe, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const padded = text + " ".repeat((3 - (text.length % 3)) % 3);
  return new TextEncoder().encode(padded);
}

/**
 * Byte helpers for code that must run on XS: UTF-8 and hex without the TextEncoder/TextDecoder
 * globals (absent on the device), plus concatenation and comparison of `Uint8Array`s.
 */

const REPLACEMENT = 0xfffd;

/** UTF-8 encodes a string. Lone surrogates are encoded as U+FFFD. */
export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = REPLACEMENT;
      }
    }
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    } else {
      out[o++] = 0xf0 | (c >> 18);
      out[o++] = 0x80 | ((c >> 12) & 0x3f);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}

/** Number of bytes `utf8Encode(s)` produces, without allocating. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Code units passed to one `String.fromCharCode` call: every argument takes a slot of the XS stack,
 * which is 1024 slots in this project's Moddable build, so a few thousand arguments overflow it.
 */
const CHAR_CODES_PER_CALL = 256;

/**
 * Decodes UTF-8. Invalid input never throws: each maximal invalid subpart becomes one U+FFFD,
 * the same replacement rule as the WHATWG Encoding standard (so TextDecoder is a test oracle).
 */
export function utf8Decode(b: Uint8Array): string {
  let out = "";
  let chunk: number[] = [];
  const push = (cp: number): void => {
    if (cp >= 0x10000) {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      chunk.push(cp);
    }
    if (chunk.length >= CHAR_CODES_PER_CALL) {
      out += String.fromCharCode.apply(null, chunk);
      chunk = [];
    }
  };
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    i++;
    if (c < 0x80) {
      push(c);
      continue;
    }
    let need: number;
    let cp: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      if (c === 0xe0) lower = 0xa0;
      if (c === 0xed) upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      if (c === 0xf0) lower = 0x90;
      if (c === 0xf4) upper = 0x8f;
    } else {
      push(REPLACEMENT);
      continue;
    }
    let ok = true;
    for (let j = 0; j < need; j++) {
      const cc = i < b.length ? b[i]! : -1;
      if (cc < lower || cc > upper) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3f);
      lower = 0x80;
      upper = 0xbf;
      i++;
    }
    push(ok ? cp : REPLACEMENT);
  }
  if (chunk.length) out += String.fromCharCode.apply(null, chunk);
  return out;
}

const HEX_LOWER = "0123456789abcdef";
const HEX_UPPER = "0123456789ABCDEF";

/** Hex string of `b`, lowercase unless `upper`. */
export function toHex(b: Uint8Array, upper = false): string {
  const digits = upper ? HEX_UPPER : HEX_LOWER;
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const v = b[i]!;
    s += digits[v >> 4]! + digits[v & 15]!;
  }
  return s;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Parses hex (either case). Throws `RangeError` on odd length or a non-hex character. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0) throw new RangeError(`hex string has odd length ${s.length}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(s.charCodeAt(2 * i));
    const lo = hexNibble(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new RangeError(`invalid hex character near offset ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Equal-length comparison whose time does not depend on where the bytes differ (proofs, verify data). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

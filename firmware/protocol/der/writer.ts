/**
 * Minimal DER writer (X.690): builds the few structures a node needs (PKCS#10 CSR, PKCS#8 key,
 * SubjectPublicKeyInfo). Each function returns one complete element.
 */
import { concatBytes, utf8Encode } from "../bytes";

export const DerTag = Object.freeze({
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  Oid: 0x06,
  Utf8String: 0x0c,
  PrintableString: 0x13,
  Sequence: 0x30,
  Set: 0x31,
});

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** One element with `tag` around `content`. */
export function derElement(tag: number, content: Uint8Array): Uint8Array {
  const head = lengthBytes(content.length);
  const out = new Uint8Array(1 + head.length + content.length);
  out[0] = tag;
  out.set(head, 1);
  out.set(content, 1 + head.length);
  return out;
}

export function derSequence(...children: Uint8Array[]): Uint8Array {
  return derElement(DerTag.Sequence, concatBytes(...children));
}

/** SET OF: DER sorts the encodings of the members. */
export function derSet(...children: Uint8Array[]): Uint8Array {
  const sorted = children.slice().sort(compareBytes);
  return derElement(DerTag.Set, concatBytes(...sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Two's-complement minimal INTEGER of any `bigint`. */
export function derInteger(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  const bytes: number[] = [];
  if (v >= 0n) {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    if (bytes[0] & 0x80) bytes.unshift(0);
  } else {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v < -1n);
    if (!(bytes[0] & 0x80)) bytes.unshift(0xff);
  }
  return derElement(DerTag.Integer, Uint8Array.from(bytes));
}

/** INTEGER from unsigned big-endian bytes (leading zeros dropped, sign byte added when needed). */
export function derUnsignedInteger(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const body = bytes.length === 0 ? new Uint8Array(1) : bytes.subarray(i);
  if (body[0] & 0x80) {
    const out = new Uint8Array(body.length + 1);
    out.set(body, 1);
    return derElement(DerTag.Integer, out);
  }
  return derElement(DerTag.Integer, body);
}

/** BIT STRING of whole bytes (no unused bits). */
export function derBitString(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes, 1);
  return derElement(DerTag.BitString, out);
}

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derElement(DerTag.OctetString, bytes);
}

export function derNull(): Uint8Array {
  return Uint8Array.of(DerTag.Null, 0);
}

/** OBJECT IDENTIFIER from dotted text, e.g. `"2.5.4.3"`. */
export function derOid(dotted: string): Uint8Array {
  if (!/^[0-2]\.\d+(\.\d+)*$/.test(dotted)) throw new RangeError(`bad OID ${dotted}`);
  const arcs = dotted.split(".").map((a) => BigInt(a));
  if (arcs[0] < 2n && arcs[1] > 39n) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  const values = [arcs[0] * 40n + arcs[1], ...arcs.slice(2)];
  for (const v of values) {
    const group: number[] = [Number(v & 0x7fn)];
    for (let r = v >> 7n; r > 0n; r >>= 7n) group.unshift(Number(r & 0x7fn) | 0x80);
    out.push(...group);
  }
  return derElement(DerTag.Oid, Uint8Array.from(out));
}

export function derUtf8String(text: string): Uint8Array {
  return derElement(DerTag.Utf8String, utf8Encode(text));
}

/** Context-specific tag `[n]`: constructed (explicit / constructed implicit) or primitive implicit. */
export function derContext(n: number, content: Uint8Array, constructed = true): Uint8Array {
  if (n < 0 || n > 30) throw new RangeError("context tag out of range");
  return derElement((constructed ? 0xa0 : 0x80) | n, content);
}

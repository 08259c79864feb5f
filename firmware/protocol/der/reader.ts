/**
 * Minimal DER reader (X.690): walks tag-length-value elements of certificates and keys.
 * Definite lengths only, tags in one byte (all that X.509 and PKCS use). Never throws on
 * bad input except through {@link DerError}, which names the offset.
 */

/** Raised when bytes are not the DER the caller expected. */
export class DerError extends Error {
  // A class field defines an own property; assigning `this.name` throws on a board, where
  // Error.prototype is preloaded and frozen (the override mistake).
  override readonly name = "DerError";
  constructor(message: string, readonly offset: number) {
    super(`DER: ${message} at offset ${offset}`);
  }
}

/** One element: `tag` byte, content in `bytes[start, end)`, the whole element in `[offset, end)`. */
export interface DerElement {
  readonly tag: number;
  readonly offset: number;
  readonly start: number;
  readonly end: number;
}

/** Reads the element at `offset`, checking that it lies within `limit` (defaults to the array end). */
export function readElement(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement {
  if (offset + 2 > limit) throw new DerError("truncated header", offset);
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tag", offset);
  let pos = offset + 1;
  const first = bytes[pos++];
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError("indefinite length", offset);
    if (count > 4) throw new DerError("length too large", offset);
    if (pos + count > limit) throw new DerError("truncated length", offset);
    if (bytes[pos] === 0) throw new DerError("non-minimal length", offset);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++];
    if (length < 0x80) throw new DerError("non-minimal length", offset);
  }
  const end = pos + length;
  if (end > limit) throw new DerError("content past the end", offset);
  return { tag, offset, start: pos, end };
}

/** The children of a constructed element, in order. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let pos = parent.start;
  while (pos < parent.end) {
    const child = readElement(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Reads the element at `offset` and requires tag `tag`. */
export function expectElement(bytes: Uint8Array, offset: number, tag: number, limit?: number): DerElement {
  const el = readElement(bytes, offset, limit);
  if (el.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}, found 0x${el.tag.toString(16)}`, offset);
  return el;
}

/** True when `bytes` is exactly one DER SEQUENCE (the outer shape of certificates and PKCS#8 keys). */
export function isSingleSequence(bytes: Uint8Array): boolean {
  try {
    const el = readElement(bytes, 0);
    return el.tag === 0x30 && el.end === bytes.length;
  } catch {
    return false;
  }
}

/** Copies exactly the bytes of a view into a fresh ArrayBuffer (Moddable natives read whole buffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out.buffer;
}

/** The view's own ArrayBuffer when it spans all of it, else a copy (for natives typed as ArrayBuffer). */
export function asArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) return buffer;
  return toArrayBuffer(bytes);
}

/** A Uint8Array over an ArrayBuffer returned by a Moddable module (no copy). */
export function fromArrayBuffer(buffer: ArrayBuffer): Uint8Array {
  return new Uint8Array(buffer);
}

/** `Error` message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Growable byte buffer used by the protobuf encoder. */
export class ByteWriter {
  private buf = new Uint8Array(64);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Unsigned varint of a 64-bit value given as two 32-bit halves. */
  varint64(lo: number, hi: number): void {
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0 || lo > 0x7f) {
      this.byte((lo & 0x7f) | 0x80);
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.byte(lo);
  }

  /** Unsigned 32-bit varint. */
  varint32(v: number): void {
    this.varint64(v >>> 0, 0);
  }

  /** int32 as proto3 writes it: negative values sign-extended to a 10-byte varint. */
  int32(v: number): void {
    this.varint64(v >>> 0, v < 0 ? 0xffffffff : 0);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

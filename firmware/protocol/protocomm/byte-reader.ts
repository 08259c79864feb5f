import { ProtoError } from "./proto-error";

/** Bounds-checked cursor over protobuf input; throws `ProtoError`, caught by `decode`. */
export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a varint of up to 10 bytes; returns its low 32 bits (unsigned). */
  varint(): number {
    const start = this.pos;
    let lo = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError("truncated", "truncated varint", start);
      const b = this.buf[this.pos++]!;
      if (i < 5) lo = (lo | ((b & 0x7f) << (7 * i))) >>> 0;
      if (i === 9 && b > 1) throw new ProtoError("varint-overflow", "varint exceeds 64 bits", start);
      if ((b & 0x80) === 0) return lo;
    }
    throw new ProtoError("varint-overflow", "varint longer than 10 bytes", start);
  }

  take(n: number): Uint8Array {
    if (n > this.end - this.pos) {
      throw new ProtoError("length-out-of-range", `length ${n} runs past the end`, this.pos);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.take(n);
  }
}

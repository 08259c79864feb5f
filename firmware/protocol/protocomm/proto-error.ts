/** Why a protobuf body could not be decoded (or a value could not be encoded). */
export type ProtoErrorCode =
  | "truncated"
  | "varint-overflow"
  | "bad-wire-type"
  | "bad-field-number"
  | "length-out-of-range"
  | "invalid-value";

/** A protobuf wire error; `decode` returns it, `encode` throws it for values the schema rejects. */
export class ProtoError extends Error {
  // A class field defines an own property; assigning `this.name` throws on a board, where
  // Error.prototype is preloaded and frozen (the override mistake).
  override readonly name = "ProtoError";
  readonly code: ProtoErrorCode;
  /** Byte offset in the input where the problem was found (decode only, else -1). */
  readonly offset: number;
  constructor(code: ProtoErrorCode, message: string, offset = -1) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}

/** Result of a decode: never throws for bad input. */
export type ProtoResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtoError };

/** Encoding and incremental parsing of the image prefix (header + manifest + signature), see format.ts. */
import { concatBytes } from "../bytes";
import type { Decoded } from "../rainmaker/json-fields";
import { type ImageManifest, type ImagePrefix, ImageFormat } from "./format";
import { decodeManifest, encodeManifest } from "./manifest";

/** Header + manifest + signature; append the payload to get the whole image. */
export function encodeImagePrefix(manifestBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  if (manifestBytes.length < 1 || manifestBytes.length > ImageFormat.manifestMaxBytes) throw new RangeError("OTA manifest length out of range");
  if (signature.length < ImageFormat.signatureMinBytes || signature.length > ImageFormat.signatureMaxBytes) throw new RangeError("OTA signature length out of range");
  const header = new Uint8Array(ImageFormat.headerBytes);
  header.set(ImageFormat.magic, 0);
  header[4] = ImageFormat.version;
  header[6] = manifestBytes.length >> 8;
  header[7] = manifestBytes.length & 0xff;
  header[8] = signature.length >> 8;
  header[9] = signature.length & 0xff;
  return concatBytes(header, manifestBytes, signature);
}

/** Builds a whole image from its parts (tools and tests; the signature is made by the caller). */
export function encodeImage(manifest: ImageManifest, sign: (manifestBytes: Uint8Array) => Uint8Array, payload: Uint8Array): Uint8Array {
  if (payload.length !== manifest.size) throw new RangeError(`payload is ${payload.length} bytes, manifest says ${manifest.size}`);
  const manifestBytes = encodeManifest(manifest);
  return concatBytes(encodeImagePrefix(manifestBytes, sign(manifestBytes)), payload);
}

/** Lengths from the 12-byte header, or an error. */
export function readHeader(header: Uint8Array): Decoded<{ manifestLength: number; signatureLength: number }> {
  if (header.length < ImageFormat.headerBytes) return { ok: false, error: "OTA image: header truncated" };
  for (let i = 0; i < 4; i++) if (header[i] !== ImageFormat.magic[i]) return { ok: false, error: "OTA image: bad magic (not an xs-rainmaker image)" };
  if (header[4] !== ImageFormat.version) return { ok: false, error: `OTA image: unsupported format version ${header[4]}` };
  if (header[5] !== 0 || header[10] !== 0 || header[11] !== 0) return { ok: false, error: "OTA image: reserved header bytes are not zero" };
  const manifestLength = (header[6]! << 8) | header[7]!;
  const signatureLength = (header[8]! << 8) | header[9]!;
  if (manifestLength < 1 || manifestLength > ImageFormat.manifestMaxBytes) return { ok: false, error: `OTA image: manifest length ${manifestLength} out of range` };
  if (signatureLength < ImageFormat.signatureMinBytes || signatureLength > ImageFormat.signatureMaxBytes) {
    return { ok: false, error: `OTA image: signature length ${signatureLength} out of range` };
  }
  return { ok: true, value: { manifestLength, signatureLength } };
}

/** Parses a complete prefix (at least the prefix bytes; anything after it is ignored). */
export function decodeImagePrefix(bytes: Uint8Array): Decoded<ImagePrefix> {
  const header = readHeader(bytes);
  if (!header.ok) return header;
  const { manifestLength, signatureLength } = header.value;
  const length = ImageFormat.headerBytes + manifestLength + signatureLength;
  if (bytes.length < length) return { ok: false, error: "OTA image: prefix truncated" };
  const manifestBytes = bytes.slice(ImageFormat.headerBytes, ImageFormat.headerBytes + manifestLength);
  const manifest = decodeManifest(manifestBytes);
  if (!manifest.ok) return manifest;
  return { ok: true, value: { manifest: manifest.value, manifestBytes, signature: bytes.slice(length - signatureLength, length), length } };
}

/** Result of feeding bytes to a {@link PrefixReader}. */
export type PrefixStep =
  | { kind: "more" }
  | { kind: "error"; error: string }
  /** `rest` = the bytes of the chunk after the prefix (the start of the payload). */
  | { kind: "done"; prefix: ImagePrefix; rest: Uint8Array };

/** Reads the prefix off a byte stream, chunk by chunk, holding at most the prefix in memory. */
export interface PrefixReader {
  push(chunk: Uint8Array): PrefixStep;
}

export function createPrefixReader(): PrefixReader {
  let buffered: Uint8Array = new Uint8Array(0);
  let needed = ImageFormat.headerBytes;
  let finished = false;
  return {
    push(chunk) {
      if (finished) return { kind: "error", error: "OTA image: prefix already read" };
      const take = Math.min(chunk.length, needed - buffered.length);
      buffered = concatBytes(buffered, chunk.subarray(0, take));
      let rest = chunk.subarray(take);
      if (buffered.length < needed) return { kind: "more" };
      if (needed === ImageFormat.headerBytes) {
        const header = readHeader(buffered);
        if (!header.ok) {
          finished = true;
          return { kind: "error", error: header.error };
        }
        needed += header.value.manifestLength + header.value.signatureLength;
        const more = Math.min(rest.length, needed - buffered.length);
        buffered = concatBytes(buffered, rest.subarray(0, more));
        rest = rest.subarray(more);
        if (buffered.length < needed) return { kind: "more" };
      }
      finished = true;
      const prefix = decodeImagePrefix(buffered);
      return prefix.ok ? { kind: "done", prefix: prefix.value, rest } : { kind: "error", error: prefix.error };
    },
  };
}

/**
 * Checks an uploaded xs-rainmaker OTA image (firmware/protocol/ota-image): the signed manifest decodes and
 * the payload has the manifest's size and SHA-256. (The signature is checked by the device against its key.)
 */
import { createHash } from "node:crypto";
import type { ImageManifest } from "../../../firmware/protocol/ota-image/format";
import { ImageFormat } from "../../../firmware/protocol/ota-image/format";
import { decodeImagePrefix } from "../../../firmware/protocol/ota-image/prefix";

export function isXsImage(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ImageFormat.magic.every((b, i) => bytes[i] === b);
}

/** The manifest of a valid image; throws an Error whose message says what is wrong. */
export function checkXsImage(bytes: Uint8Array): ImageManifest {
  const decoded = decodeImagePrefix(bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  const { manifest, length } = decoded.value;
  const payload = bytes.subarray(length);
  if (payload.length !== manifest.size) throw new Error(`payload is ${payload.length} bytes, the manifest says ${manifest.size}`);
  if (createHash("sha256").update(payload).digest("hex") !== manifest.sha256) throw new Error("payload SHA-256 does not match the manifest");
  return manifest;
}

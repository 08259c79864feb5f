/** Builds and reads signed OTA images (format: firmware/protocol/ota-image/format.ts). */
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { ImageManifest, ImagePrefix } from "../../firmware/protocol/ota-image/format";
import { decodeImagePrefix, encodeImage } from "../../firmware/protocol/ota-image/prefix";
import { sec1PublicKey } from "./keys";

export interface BuildImageOptions {
  payload: Uint8Array;
  project: string;
  version: string;
  key: KeyObject;
  secureVersion?: number;
  minVersion?: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Manifest (with the payload's size and SHA-256) signed with ECDSA P-256 / SHA-256 (DER), then the payload. */
export function buildImage(options: BuildImageOptions): Uint8Array {
  const manifest: ImageManifest = { project: options.project, version: options.version, size: options.payload.length, sha256: sha256Hex(options.payload) };
  if (options.secureVersion !== undefined) manifest.secureVersion = options.secureVersion;
  if (options.minVersion !== undefined) manifest.minVersion = options.minVersion;
  return encodeImage(manifest, (bytes) => new Uint8Array(sign("sha256", bytes, { key: options.key, dsaEncoding: "der" })), options.payload);
}

export interface InspectedImage {
  prefix: ImagePrefix;
  payload: Uint8Array;
}

/** Parses a whole image and checks that the payload matches the manifest's size and hash. Throws with the reason. */
export function inspectImage(image: Uint8Array): InspectedImage {
  const decoded = decodeImagePrefix(image);
  if (!decoded.ok) throw new Error(decoded.error);
  const prefix = decoded.value;
  const payload = image.subarray(prefix.length);
  if (payload.length !== prefix.manifest.size) throw new Error(`payload is ${payload.length} bytes, the manifest says ${prefix.manifest.size}`);
  if (sha256Hex(payload) !== prefix.manifest.sha256) throw new Error("payload SHA-256 does not match the manifest");
  return { prefix, payload };
}

/** Checks the manifest signature against a 65-byte SEC1 public key (or a KeyObject). */
export function verifyImageSignature(prefix: ImagePrefix, publicKey: Uint8Array | KeyObject): boolean {
  const point = publicKey instanceof Uint8Array ? publicKey : sec1PublicKey(publicKey);
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: Buffer.from(point.subarray(1, 33)).toString("base64url"), y: Buffer.from(point.subarray(33, 65)).toString("base64url") }, format: "jwk" });
  return verify("sha256", prefix.manifestBytes, { key, dsaEncoding: "der" }, prefix.signature);
}

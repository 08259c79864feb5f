/**
 * xs-rainmaker OTA image container (our format; RainMaker leaves the image format to the firmware):
 *
 *   offset 0  magic "XSRO" (58 53 52 4F)
 *          4  format version (u8, = 1)
 *          5  reserved (u8, = 0)
 *          6  manifest length M (u16 big-endian, 1..ManifestMaxBytes)
 *          8  signature length S (u16 big-endian, 8..SignatureMaxBytes)
 *         10  reserved (u16, = 0)
 *         12  manifest, UTF-8 JSON (M bytes)
 *       12+M  ECDSA P-256 / SHA-256 signature over the manifest bytes, DER (S bytes)
 *     12+M+S  payload: the application binary written to the OTA slot (manifest `size` bytes)
 *
 * The prefix (header + manifest + signature) is small, so a device reads it first from the
 * download stream, checks it, and hashes the payload as it writes it to flash.
 */
export const ImageFormat = Object.freeze({
  magic: Object.freeze([0x58, 0x53, 0x52, 0x4f]) as readonly number[],
  version: 1,
  headerBytes: 12,
  manifestMaxBytes: 1024,
  /** A P-256 DER signature is at most 72 bytes; the minimum is a conservative 8. */
  signatureMinBytes: 8,
  signatureMaxBytes: 72,
});

/** Length limits of `esp_app_desc_t` fields (32 bytes incl. NUL) [spec 7]. */
export const ManifestLimits = Object.freeze({ projectChars: 31, versionChars: 31, sha256Hex: 64, maxSize: 0xffffffff });

/** What the signed manifest says about the payload. */
export interface ImageManifest {
  /** Project name; must equal the running firmware's [spec 7 project_name]. */
  project: string;
  /** Firmware version of the payload [spec 7 version]. */
  version: string;
  /** Payload size in bytes. */
  size: number;
  /** SHA-256 of the payload, 64 lowercase hex characters. */
  sha256: string;
  /** Anti-rollback counter: the device refuses images below its own [spec 7 secure_version]. */
  secureVersion?: number;
  /** Oldest running version allowed to install this image. */
  minVersion?: string;
}

/** The parsed prefix of an image. */
export interface ImagePrefix {
  manifest: ImageManifest;
  /** Manifest bytes exactly as signed. */
  manifestBytes: Uint8Array;
  /** DER signature over `manifestBytes`. */
  signature: Uint8Array;
  /** Header + manifest + signature: the payload starts at this offset of the image. */
  length: number;
}

/** The signed manifest of an OTA image (JSON), see format.ts. */
import { utf8Decode, utf8Encode } from "../bytes";
import { type Decoded, decodeMessage } from "../rainmaker/json-fields";
import { JsonWriter } from "../rainmaker/json-writer";
import { type ImageManifest, ImageFormat, ManifestLimits } from "./format";

const SHA256_HEX = /^[0-9a-f]{64}$/;
const LIMITS = Object.freeze({ maxBytes: ImageFormat.manifestMaxBytes, maxDepth: 2 });

/** Manifest JSON with a fixed key order, so the same manifest always signs the same bytes. */
export function encodeManifest(m: ImageManifest): Uint8Array {
  const problem = manifestProblem(m);
  if (problem) throw new RangeError(`OTA manifest: ${problem}`);
  const w = new JsonWriter().beginObject().key("format").int(ImageFormat.version).keyString("project", m.project).keyString("version", m.version);
  w.key("size").int(m.size).keyString("sha256", m.sha256);
  if (m.secureVersion !== undefined) w.key("secure_version").int(m.secureVersion);
  if (m.minVersion !== undefined) w.keyString("min_version", m.minVersion);
  const bytes = utf8Encode(w.endObject().toString());
  if (bytes.length > ImageFormat.manifestMaxBytes) throw new RangeError(`OTA manifest larger than ${ImageFormat.manifestMaxBytes} bytes`);
  return bytes;
}

function manifestProblem(m: ImageManifest): string | undefined {
  if (m.project.length === 0 || m.project.length > ManifestLimits.projectChars) return `project must be 1..${ManifestLimits.projectChars} characters`;
  if (m.version.length === 0 || m.version.length > ManifestLimits.versionChars) return `version must be 1..${ManifestLimits.versionChars} characters`;
  if (!Number.isInteger(m.size) || m.size < 1 || m.size > ManifestLimits.maxSize) return "size must be a positive integer";
  if (!SHA256_HEX.test(m.sha256)) return "sha256 must be 64 lowercase hex characters";
  if (m.secureVersion !== undefined && (!Number.isInteger(m.secureVersion) || m.secureVersion < 0 || m.secureVersion > 0xffffffff)) {
    return "secure_version must be an unsigned 32-bit integer";
  }
  if (m.minVersion !== undefined && (m.minVersion.length === 0 || m.minVersion.length > ManifestLimits.versionChars)) return "min_version must be 1..31 characters";
  return undefined;
}

/** Parses and checks manifest bytes; never throws. */
export function decodeManifest(bytes: Uint8Array): Decoded<ImageManifest> {
  let text: string;
  try {
    text = utf8Decode(bytes);
  } catch {
    return { ok: false, error: "OTA manifest: not UTF-8" };
  }
  const decoded = decodeMessage(text, "OTA manifest", LIMITS, (f) => {
    f.int("format", ImageFormat.version, ImageFormat.version);
    const m: ImageManifest = {
      project: f.string("project"),
      version: f.string("version"),
      size: f.int("size", 1, ManifestLimits.maxSize),
      sha256: f.string("sha256"),
    };
    const secureVersion = f.optInt("secure_version", 0, 0xffffffff);
    if (secureVersion !== undefined) m.secureVersion = secureVersion;
    const minVersion = f.optString("min_version");
    if (minVersion !== undefined) m.minVersion = minVersion;
    const problem = manifestProblem(m);
    if (problem) f.fail(problem);
    return m;
  });
  return decoded;
}

export { ImageFormat, ManifestLimits } from "./format";
export type { ImageManifest, ImagePrefix } from "./format";
export { decodeManifest, encodeManifest } from "./manifest";
export { createPrefixReader, decodeImagePrefix, encodeImage, encodeImagePrefix, readHeader } from "./prefix";
export type { PrefixReader, PrefixStep } from "./prefix";
export { compareVersions } from "./version";

/** Decides whether a signed manifest may be installed on this firmware [spec 7 image validation]. */
import type { CryptoPort } from "../../ports/crypto";
import type { ImagePrefix } from "../../protocol/ota-image/format";
import { compareVersions } from "../../protocol/ota-image/version";
import { OtaInfoText } from "../../protocol/rainmaker/ota";
import type { ResolvedOtaConfig } from "./ota-config";

/** Why an image is refused: `rejected` for policy (project, version), `failed` for a bad image. */
export interface Refusal {
  status: "rejected" | "failed";
  info: string;
  /** Retrying cannot help. */
  final: boolean;
}

export const OtaFailureText = Object.freeze({
  BadSignature: "Image signature invalid",
  HashMismatch: "Image hash mismatch",
  Downgrade: "Lower version received",
  BelowMinVersion: "Running version is below the image's minimum version",
  TooLarge: "Image does not fit the OTA partition",
  RolledBackTimeout: "New firmware did not reach the cloud in time",
});

/** Signature first (nothing in an unsigned manifest is trusted), then the app-description checks. */
export function checkImage(prefix: ImagePrefix, config: ResolvedOtaConfig, crypto: CryptoPort): Refusal | undefined {
  if (!crypto.ecdsaP256Verify(config.publicKey, prefix.manifestBytes, prefix.signature)) {
    return { status: "failed", info: OtaFailureText.BadSignature, final: true };
  }
  const m = prefix.manifest;
  const reject = (info: string): Refusal => ({ status: "rejected", info, final: true });
  if (m.project !== config.projectName) return reject(OtaInfoText.ProjectMismatch);
  const order = compareVersions(m.version, config.version);
  if (order === 0) return reject(OtaInfoText.SameVersion);
  if (order < 0 && !config.allowDowngrade) return reject(OtaFailureText.Downgrade);
  if ((m.secureVersion ?? 0) < config.secureVersion) return reject(OtaInfoText.LowerSecureVersion);
  if (m.minVersion !== undefined && compareVersions(config.version, m.minVersion) < 0) return reject(OtaFailureText.BelowMinVersion);
  return undefined;
}

/** What the device OTA module needs to know about the firmware and how patient to be. */
export interface OtaConfig {
  /** Sent in `otafetch` [spec 7]. */
  nodeId: string;
  /** Must equal the image manifest's `project` [spec 7 "Project Name mismatch"]. */
  projectName: string;
  /** Version of the running firmware (node config `info.fw_version`). */
  version: string;
  /** ECDSA P-256 public key that signs images: uncompressed SEC1 point, 65 bytes. */
  publicKey: Uint8Array;
  /** Accept an image whose version is lower than the running one (default false). */
  allowDowngrade?: boolean;
  /** Anti-rollback counter of the running firmware (default 0) [spec 7 secure_version]. */
  secureVersion?: number;
  /** CA certificates (DER) for `https://` image URLs. */
  tlsCa?: Uint8Array[];
  /** Delay from `start()` to the first `otafetch` (default 5000 ms) [spec 3.3 step 5]. */
  fetchDelayMs?: number;
  /** Periodic `otafetch` (default 24 h; 0 = only at start). */
  fetchIntervalMs?: number;
  /** Re-fetch after every attempt failed (default 5 min) [spec 7 retries]. */
  retryFetchMs?: number;
  /** Download attempts per job (default 3) [spec 7 retries]. */
  maxAttempts?: number;
  /** A new image must reach the cloud within this time or it is rolled back (default 90 s, CONFIG_ESP_RMAKER_OTA_ROLLBACK_WAIT_PERIOD) [spec 7 rollback]. */
  validationWindowMs?: number;
  /** Delay between the "Rebooting" report and the restart (default 2000 ms). */
  rebootDelayMs?: number;
  /** HTTP idle timeout (default 30 s). */
  httpTimeoutMs?: number;
  /** Progress report granularity in percent (default 10) [spec 7 "Downloaded 10% Firmware Image"]. */
  progressStepPercent?: number;
}

export const OtaDefaults = Object.freeze({
  fetchDelayMs: 5_000,
  fetchIntervalMs: 24 * 3_600_000,
  retryFetchMs: 5 * 60_000,
  maxAttempts: 3,
  validationWindowMs: 90_000,
  rebootDelayMs: 2_000,
  httpTimeoutMs: 30_000,
  progressStepPercent: 10,
  /** Bytes per read when hashing the slot back. */
  verifyChunkBytes: 4096,
});

export type ResolvedOtaConfig = Required<Omit<OtaConfig, "tlsCa">> & { tlsCa?: Uint8Array[] };

export function resolveOtaConfig(config: OtaConfig): ResolvedOtaConfig {
  if (!(config.publicKey instanceof Uint8Array) || config.publicKey.length !== 65 || config.publicKey[0] !== 4) {
    throw new RangeError("OTA public key must be a 65-byte uncompressed SEC1 P-256 point");
  }
  const resolved: ResolvedOtaConfig = {
    allowDowngrade: false,
    secureVersion: 0,
    fetchDelayMs: OtaDefaults.fetchDelayMs,
    fetchIntervalMs: OtaDefaults.fetchIntervalMs,
    retryFetchMs: OtaDefaults.retryFetchMs,
    maxAttempts: OtaDefaults.maxAttempts,
    validationWindowMs: OtaDefaults.validationWindowMs,
    rebootDelayMs: OtaDefaults.rebootDelayMs,
    httpTimeoutMs: OtaDefaults.httpTimeoutMs,
    progressStepPercent: OtaDefaults.progressStepPercent,
    ...config,
  };
  if (!(resolved.maxAttempts >= 1)) throw new RangeError("OTA maxAttempts must be >= 1");
  if (!(resolved.progressStepPercent >= 1 && resolved.progressStepPercent <= 100)) throw new RangeError("OTA progressStepPercent must be 1..100");
  return resolved;
}

/**
 * The OTA job that survives a restart: its id (NVS `rmaker_ota`/`rmaker_ota_id` [spec 7]), how far it
 * got, the target version, and the signed image prefix so a download can resume with Range.
 */
import type { KvPort } from "../../ports/kv";

const Ns = "rmaker_ota";
const Keys = Object.freeze({ jobId: "rmaker_ota_id", phase: "ota_phase", version: "ota_version", prefix: "ota_prefix" });

/** `download`: the payload is being written; `reboot`: the slot is complete and set to boot. */
export type OtaPhase = "download" | "reboot";

export interface StoredOtaJob {
  jobId: string;
  phase: OtaPhase;
  /** Version of the image being installed. */
  version: string;
  /** Header + manifest + signature of the image (for resume); absent before it was read. */
  prefix?: Uint8Array;
}

export function loadOtaJob(kv: KvPort): StoredOtaJob | undefined {
  const jobId = kv.get(Ns, Keys.jobId);
  const phase = kv.get(Ns, Keys.phase);
  const version = kv.get(Ns, Keys.version);
  if (typeof jobId !== "string" || jobId === "" || (phase !== "download" && phase !== "reboot") || typeof version !== "string") return undefined;
  const prefix = kv.get(Ns, Keys.prefix);
  return prefix instanceof Uint8Array ? { jobId, phase, version, prefix } : { jobId, phase, version };
}

/**
 * Writes the phase last. A power cut part-way reads back as the previous state of the same job, or,
 * when another job was stored, as no job (its phase goes first).
 */
export function saveOtaJob(kv: KvPort, job: StoredOtaJob): void {
  if (kv.get(Ns, Keys.jobId) !== job.jobId) kv.delete(Ns, Keys.phase);
  kv.set(Ns, Keys.jobId, job.jobId);
  kv.set(Ns, Keys.version, job.version);
  if (job.prefix) kv.set(Ns, Keys.prefix, job.prefix);
  else kv.delete(Ns, Keys.prefix);
  kv.set(Ns, Keys.phase, job.phase);
}

export function clearOtaJob(kv: KvPort): void {
  kv.delete(Ns, Keys.phase);
  kv.delete(Ns, Keys.prefix);
  kv.delete(Ns, Keys.version);
  kv.delete(Ns, Keys.jobId);
}

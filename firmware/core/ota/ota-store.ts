/**
 * The OTA job that survives a restart: its id (also under NVS `rmaker_ota`/`rmaker_ota_id` [spec 7]), how
 * far it got, the target version, and the signed image prefix so a download can resume with Range.
 * The job is one kv value, so a power cut keeps the previous state or the new one, never a mix.
 */
import type { KvPort } from "../../ports/kv";
import { fromHex, toHex } from "../../protocol/bytes";

const Ns = "rmaker_ota";
const Keys = Object.freeze({ jobId: "rmaker_ota_id", job: "ota_job" });

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
  const text = kv.get(Ns, Keys.job);
  if (typeof text !== "string") return undefined;
  try {
    const v = JSON.parse(text) as { id?: unknown; phase?: unknown; version?: unknown; prefix?: unknown };
    if (typeof v.id !== "string" || v.id === "" || (v.phase !== "download" && v.phase !== "reboot") || typeof v.version !== "string") return undefined;
    const job: StoredOtaJob = { jobId: v.id, phase: v.phase, version: v.version };
    if (typeof v.prefix === "string") job.prefix = fromHex(v.prefix);
    return job;
  } catch {
    return undefined;
  }
}

export function saveOtaJob(kv: KvPort, job: StoredOtaJob): void {
  if (kv.get(Ns, Keys.jobId) !== job.jobId) kv.set(Ns, Keys.jobId, job.jobId);
  const record: Record<string, string> = { id: job.jobId, phase: job.phase, version: job.version };
  if (job.prefix) record.prefix = toHex(job.prefix);
  kv.set(Ns, Keys.job, JSON.stringify(record));
}

export function clearOtaJob(kv: KvPort): void {
  kv.delete(Ns, Keys.job);
  kv.delete(Ns, Keys.jobId);
}

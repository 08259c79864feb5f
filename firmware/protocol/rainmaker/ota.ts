/**
 * OTA-using-topics messages [spec 7]: `otafetch` (node -> cloud), `otaurl` (cloud -> node),
 * `otastatus` (node -> cloud). Encoders write the SDK key order; decoders validate and never throw.
 */
import { type Decoded, type Fields, decodeMessage } from "./json-fields";
import { JsonWriter } from "./json-writer";
import { RAINMAKER_LIMITS } from "./limits";

/** `status` strings of `otastatus` [spec 7]. (The SDK prints `invalid` for an out-of-range enum; never sent by us.) */
export const OtaStatus = Object.freeze({
  InProgress: "in-progress",
  Success: "success",
  Failed: "failed",
  Delayed: "delayed",
  Rejected: "rejected",
} as const);
export type OtaStatusString = (typeof OtaStatus)[keyof typeof OtaStatus];

const STATUS_VALUES: readonly string[] = Object.values(OtaStatus);

/** Fixed `additional_info` texts the SDK reports [spec 7]. Wording is free to differ [spec 10]. */
export const OtaInfoText = Object.freeze({
  Downloading: "Downloading Firmware Image",
  DownloadComplete: "Firmware Image download complete",
  FinishedVerified: "OTA Upgrade finished and verified successfully",
  ProjectMismatch: "Project Name mismatch",
  SameVersion: "Same version received",
  LowerSecureVersion: "Lower secure version received",
  RolledBack: "Firmware rolled back",
  OutsideWindow: "Not within download window.",
  WindowLapsed: "OTA download window lapsed.",
} as const);

const LIMITS = Object.freeze({ maxBytes: 4096, maxDepth: 4 });
const UINT32_MAX = 4294967295;
/** Largest epoch accepted in timestamps: 2^31 - 1 (int32 time_t on the device). */
const EPOCH_MAX = 2147483647;
const MINUTES_PER_DAY = 1440;

export interface OtaFetch {
  nodeId: string;
  fwVersion: string;
  networkId?: string;
}

/** `{"node_id":…,"fw_version":…[,"network_id":…]}` [spec 7]. */
export function encodeOtaFetch(m: OtaFetch): string {
  const w = new JsonWriter().beginObject().keyString("node_id", m.nodeId).keyString("fw_version", m.fwVersion);
  if (m.networkId !== undefined) w.keyString("network_id", m.networkId);
  return w.endObject().toString();
}

export function decodeOtaFetch(text: string): Decoded<OtaFetch> {
  return decodeMessage(text, "otafetch", LIMITS, (f) => {
    const m: OtaFetch = { nodeId: f.string("node_id", { nonEmpty: true }), fwVersion: f.string("fw_version") };
    const networkId = f.optString("network_id");
    if (networkId !== undefined) m.networkId = networkId;
    return m;
  });
}

export interface TimeRange {
  start: number;
  end: number;
}

export interface OtaJob {
  /** Required, at most 63 chars (persisted in NVS) [spec 7]. */
  otaJobId: string;
  url: string;
  /** Image size in bytes (key `file_size`). */
  fileSize?: number;
  fwVersion?: string;
  /** 32 hex chars; only used to resume partial HTTPS downloads. */
  fileMd5?: string;
  /** Required only for MQTT-stream OTA. */
  streamId?: string;
  metadata?: {
    /** Minutes of the day. */
    downloadWindow?: TimeRange;
    /** Epoch seconds. */
    validity?: TimeRange;
  };
}

function readRange(f: Fields, key: string, max: number): TimeRange | undefined {
  const r = f.optObject(key);
  if (!r) return undefined;
  return { start: r.int("start", 0, max), end: r.int("end", 0, max) };
}

const URL_PATTERN = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const MD5_PATTERN = /^[0-9a-fA-F]{32}$/;

/**
 * Decodes an `otaurl` job [spec 7]: `ota_job_id` (required, 1..63 chars), `url` (required, http or
 * https), `file_size` (optional integer 0..2^32-1), `fw_version`, `file_md5` (32 hex), `stream_id`,
 * `metadata.download_window` (minutes 0..1440) and `metadata.validity` (epoch seconds, start <= end).
 */
export function decodeOtaUrl(text: string): Decoded<OtaJob> {
  return decodeMessage(text, "otaurl", LIMITS, (f) => {
    const job: OtaJob = {
      otaJobId: f.string("ota_job_id", { nonEmpty: true, maxChars: RAINMAKER_LIMITS.otaJobIdChars }),
      url: f.string("url", { nonEmpty: true }),
    };
    if (!URL_PATTERN.test(job.url)) f.fail(`"url" must be an http(s) URL`);
    const fileSize = f.optInt("file_size", 0, UINT32_MAX);
    if (fileSize !== undefined) job.fileSize = fileSize;
    const fwVersion = f.optString("fw_version");
    if (fwVersion !== undefined) job.fwVersion = fwVersion;
    const md5 = f.optString("file_md5");
    if (md5 !== undefined) {
      if (!MD5_PATTERN.test(md5)) f.fail(`"file_md5" must be 32 hex characters`);
      job.fileMd5 = md5;
    }
    const streamId = f.optString("stream_id", { nonEmpty: true });
    if (streamId !== undefined) job.streamId = streamId;
    const meta = f.optObject("metadata");
    if (meta) {
      job.metadata = {};
      const window = readRange(meta, "download_window", MINUTES_PER_DAY);
      if (window) job.metadata.downloadWindow = window;
      const validity = readRange(meta, "validity", EPOCH_MAX);
      if (validity) {
        if (validity.start > validity.end) meta.fail("validity start is after its end");
        job.metadata.validity = validity;
      }
    }
    return job;
  });
}

/** Cloud side: the `otaurl` message for a job, keys in the order of spec 7. */
export function encodeOtaUrl(job: OtaJob): string {
  const w = new JsonWriter().beginObject().keyString("ota_job_id", job.otaJobId).keyString("url", job.url);
  if (job.fileSize !== undefined) w.key("file_size").int(job.fileSize);
  if (job.fwVersion !== undefined) w.keyString("fw_version", job.fwVersion);
  if (job.fileMd5 !== undefined) w.keyString("file_md5", job.fileMd5);
  if (job.streamId !== undefined) w.keyString("stream_id", job.streamId);
  if (job.metadata) {
    w.key("metadata").beginObject();
    for (const [key, r] of [["download_window", job.metadata.downloadWindow], ["validity", job.metadata.validity]] as const) {
      if (r) w.key(key).beginObject().key("start").int(r.start).key("end").int(r.end).endObject();
    }
    w.endObject();
  }
  return w.endObject().toString();
}

export interface OtaStatusReport {
  otaJobId: string;
  status: OtaStatusString;
  networkId?: string;
  additionalInfo: string;
  /** Epoch seconds. */
  ts: number;
}

/** `{"ota_job_id":…,"status":…[,"network_id":…],"additional_info":…,"ts":…}` [spec 7]. */
export function encodeOtaStatus(m: OtaStatusReport): string {
  const w = new JsonWriter().beginObject().keyString("ota_job_id", m.otaJobId).keyString("status", m.status);
  if (m.networkId !== undefined) w.keyString("network_id", m.networkId);
  return w.keyString("additional_info", m.additionalInfo).key("ts").int(m.ts).endObject().toString();
}

export function decodeOtaStatus(text: string): Decoded<OtaStatusReport> {
  return decodeMessage(text, "otastatus", LIMITS, (f) => {
    const status = f.string("status");
    if (!STATUS_VALUES.includes(status)) f.fail(`unknown status "${status}"`);
    const m: OtaStatusReport = {
      otaJobId: f.string("ota_job_id", { nonEmpty: true, maxChars: RAINMAKER_LIMITS.otaJobIdChars }),
      status: status as OtaStatusString,
      additionalInfo: f.optString("additional_info") ?? "",
      ts: f.int("ts", 0, EPOCH_MAX),
    };
    const networkId = f.optString("network_id");
    if (networkId !== undefined) m.networkId = networkId;
    return m;
  });
}

/**
 * One download attempt: GET (or Range GET to resume) the image, read and check its signed prefix,
 * stream the payload into the inactive slot while hashing it [spec 7].
 */
import type { Hash } from "../../ports/crypto";
import type { HttpResponse } from "../../ports/http-client";
import type { OtaWriter } from "../../ports/ota";
import type { Platform } from "../../ports/index";
import { toHex } from "../../protocol/bytes";
import type { ImagePrefix } from "../../protocol/ota-image/format";
import { createPrefixReader, decodeImagePrefix, encodeImagePrefix } from "../../protocol/ota-image/prefix";
import type { OtaJob } from "../../protocol/rainmaker/ota";
import { checkImage, OtaFailureText, type Refusal } from "./image-checks";
import type { ResolvedOtaConfig } from "./ota-config";
import { hashInactiveSlot } from "./slot-verify";
import { loadOtaJob, saveOtaJob } from "./ota-store";

export type OtaPorts = Pick<Platform, "clock" | "kv" | "log" | "crypto" | "system" | "httpClient" | "ota">;

export type AttemptResult =
  | { kind: "done"; writer: OtaWriter; prefix: ImagePrefix }
  /** Worth another attempt; what was written stays for a Range resume unless `discarded`. */
  | { kind: "retry"; reason: string }
  | { kind: "refused"; refusal: Refusal };

/** The writer left open by an interrupted attempt of this boot (ESP32 cannot reopen a slot without erasing it). */
export interface WriterSession {
  writer?: OtaWriter;
  jobId?: string;
}

export interface AttemptContext {
  ports: OtaPorts;
  config: ResolvedOtaConfig;
  job: OtaJob;
  session: WriterSession;
  /** Called with the payload percentage as it grows. */
  onProgress(percent: number): void;
}

const retry = (reason: string): AttemptResult => ({ kind: "retry", reason });
const refused = (refusal: Refusal): AttemptResult => ({ kind: "refused", refusal });
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function keep(ctx: AttemptContext, writer: OtaWriter): void {
  ctx.session.writer = writer;
  ctx.session.jobId = ctx.job.otaJobId;
}

async function discard(ctx: AttemptContext, writer: OtaWriter): Promise<void> {
  if (ctx.session.writer === writer) ctx.session.writer = undefined;
  await writer.abort();
}

/** Start offset of a `Content-Range: bytes a-b/n` header, or -1. */
export function contentRangeStart(header: string | undefined): number {
  const m = header === undefined ? null : /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim());
  return m ? Number(m[1]) : -1;
}

/** Prefix saved by an earlier attempt of this job, re-checked (kv is not trusted blindly). */
function storedPrefix(ctx: AttemptContext): ImagePrefix | undefined {
  const stored = loadOtaJob(ctx.ports.kv);
  if (!stored || stored.jobId !== ctx.job.otaJobId || stored.phase !== "download" || !stored.prefix) return undefined;
  const decoded = decodeImagePrefix(stored.prefix);
  if (!decoded.ok || checkImage(decoded.value, ctx.config, ctx.ports.crypto)) return undefined;
  return decoded.value;
}

export async function downloadAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  const { ports, config, job } = ctx;
  const tag = "ota";
  const prefix = storedPrefix(ctx);
  let writer: OtaWriter | undefined;
  if (prefix) {
    const open = ctx.session.jobId === job.otaJobId ? ctx.session.writer : undefined;
    try {
      writer = open ?? (await ports.ota.begin(prefix.manifest.size, { resume: true }));
    } catch (error) {
      return refused({ status: "failed", info: `Cannot open the OTA partition: ${message(error)}`, final: true });
    }
    keep(ctx, writer);
    if (writer.written === prefix.manifest.size) return { kind: "done", writer, prefix };
  }
  const resumeAt = prefix && writer && writer.written > 0 ? prefix.length + writer.written : 0;
  const headers: Record<string, string> = resumeAt > 0 ? { Range: `bytes=${resumeAt}-` } : {};
  let response: HttpResponse;
  try {
    response = await ports.httpClient.request({
      method: "GET",
      url: job.url,
      headers,
      timeoutMs: config.httpTimeoutMs,
      ...(config.tlsCa ? { tls: { ca: config.tlsCa } } : {}),
    });
  } catch (error) {
    return retry(`Connection failed: ${message(error)}`);
  }
  try {
    if (response.status === 206 && resumeAt > 0 && contentRangeStart(response.headers["content-range"]) === resumeAt) {
      ports.log.log("info", tag, `resuming ${job.otaJobId} at payload byte ${writer!.written}`);
      const hash = await hashInactiveSlot(ports.ota, ports.crypto, writer!.written, 4096);
      return await streamPayload(ctx, response, writer!, prefix!, hash, new Uint8Array(0));
    }
    if (response.status !== 200) {
      if (resumeAt > 0 && (response.status === 206 || response.status === 416)) {
        // [spec 7 file_md5: resume is best effort] the server answered another range: start over
        await discard(ctx, writer!);
        saveOtaJob(ports.kv, { jobId: job.otaJobId, phase: "download", version: prefix!.manifest.version });
        return retry(`Resume refused (HTTP ${response.status}); restarting the download`);
      }
      return retry(`HTTP ${response.status}`);
    }
    if (resumeAt > 0) ports.log.log("warn", tag, "server ignored Range (200); restarting the download from byte 0");
    if (writer) await discard(ctx, writer);
    return await readFromStart(ctx, response);
  } finally {
    response.cancel();
  }
}

async function readFromStart(ctx: AttemptContext, response: HttpResponse): Promise<AttemptResult> {
  const { ports, config, job } = ctx;
  const reader = createPrefixReader();
  for (;;) {
    let chunk: Uint8Array | undefined;
    try {
      chunk = await response.read();
    } catch (error) {
      return retry(`Download interrupted: ${message(error)}`);
    }
    if (chunk === undefined) return retry("Download ended inside the image header");
    const step = reader.push(chunk);
    if (step.kind === "more") continue;
    if (step.kind === "error") return refused({ status: "failed", info: `Invalid image: ${step.error}`, final: true });
    const prefix = step.prefix;
    const refusal = checkImage(prefix, config, ports.crypto);
    if (refusal) return refused(refusal);
    const total = prefix.length + prefix.manifest.size;
    if (job.fileSize !== undefined && job.fileSize !== total) {
      return refused({ status: "failed", info: `Image size mismatch: file_size ${job.fileSize}, image ${total} bytes`, final: true });
    }
    let writer: OtaWriter;
    try {
      writer = await ports.ota.begin(prefix.manifest.size);
    } catch (error) {
      return refused({ status: "failed", info: `${OtaFailureText.TooLarge}: ${message(error)}`, final: true });
    }
    keep(ctx, writer);
    saveOtaJob(ports.kv, { jobId: job.otaJobId, phase: "download", version: prefix.manifest.version, prefix: encodeImagePrefix(prefix.manifestBytes, prefix.signature) });
    return streamPayload(ctx, response, writer, prefix, ports.crypto.createHash("SHA-256"), step.rest);
  }
}

async function streamPayload(ctx: AttemptContext, response: HttpResponse, writer: OtaWriter, prefix: ImagePrefix, hash: Hash, first: Uint8Array): Promise<AttemptResult> {
  const size = prefix.manifest.size;
  let chunk: Uint8Array | undefined = first;
  for (;;) {
    if (chunk && chunk.length > 0) {
      if (writer.written + chunk.length > size) {
        await discard(ctx, writer);
        return refused({ status: "failed", info: `Image larger than its manifest says (${size} bytes)`, final: true });
      }
      hash.update(chunk);
      await writer.write(chunk);
      ctx.onProgress(Math.floor((writer.written * 100) / size));
    }
    try {
      chunk = await response.read();
    } catch (error) {
      return retry(`Download interrupted at ${writer.written} of ${size} bytes: ${message(error)}`);
    }
    if (chunk === undefined) break;
  }
  if (writer.written < size) return retry(`Download truncated at ${writer.written} of ${size} bytes`);
  if (toHex(hash.digest()) !== prefix.manifest.sha256) {
    await discard(ctx, writer);
    return retry(OtaFailureText.HashMismatch);
  }
  return { kind: "done", writer, prefix };
}

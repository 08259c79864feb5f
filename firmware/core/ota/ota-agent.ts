/**
 * Device side of OTA using topics [spec 7]: asks for jobs (`otafetch`), runs one job at a time from
 * `otaurl`, downloads and checks the signed image, switches slots, keeps the new image on trial until
 * it reaches the cloud, and reports every step on `otastatus`.
 */
import type { TimerHandle } from "../../ports/clock";
import { utf8Decode } from "../../protocol/bytes";
import { decodeOtaUrl, encodeOtaFetch, encodeOtaStatus, OtaInfoText, OtaStatus } from "../../protocol/rainmaker/ota";
import type { OtaJob, OtaStatusString } from "../../protocol/rainmaker/ota";
import { TopicSuffix } from "../../protocol/rainmaker/topics";
import { downloadAttempt, type AttemptResult, type OtaPorts, type WriterSession } from "./download";
import { OtaFailureText } from "./image-checks";
import { checkJobWindow } from "./job-window";
import { type OtaConfig, OtaDefaults, resolveOtaConfig } from "./ota-config";
import { clearOtaJob, loadOtaJob, saveOtaJob } from "./ota-store";
import { slotMatches } from "./slot-verify";

/** Publishes `payload` on `node/<id>/<topicSuffix>` (the agent adds the topic prefix and QoS 1). */
export type OtaPublish = (topicSuffix: string, payload: string) => Promise<void> | void;

export interface OtaAgentOptions {
  ports: OtaPorts;
  publish: OtaPublish;
  config: OtaConfig;
}

/** `validating`: this boot runs a trial image that has not reached the cloud yet. */
export type OtaAgentState = "idle" | "validating" | "downloading" | "rebooting";

export interface OtaAgent {
  /** The node is STARTED (otaurl subscribed): first `otafetch` after `fetchDelayMs`, then periodically [spec 3.3 step 5]. */
  start(): void;
  /** Every MQTT CONNACK: validates a trial image and sends the status stored over a reboot [spec 7 rollback]. */
  onConnected(): Promise<void>;
  /** Payload of `node/<id>/otaurl`; resolves when the job ends (or a restart is scheduled). Never rejects. */
  onOtaUrl(payload: Uint8Array | string): Promise<void>;
  /** Publish `otafetch` now (ignored while a job or a validation runs). */
  fetch(): void;
  state(): OtaAgentState;
  /** Cancel timers (the agent stops). */
  stop(): void;
}

const Tag = "ota";
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createOtaAgent(options: OtaAgentOptions): OtaAgent {
  const config = resolveOtaConfig(options.config);
  const { clock, kv, log, ota, system } = options.ports;
  const timers = new Set<TimerHandle>();
  let state: OtaAgentState = "idle";
  let started = false;
  let bootReport: { jobId: string; status: OtaStatusString; info: string } | undefined;
  let validationTimer: TimerHandle | undefined;
  let validation: Promise<void> | undefined;
  let sendingBootReport = false;

  const later = (fn: () => void, ms: number): void => {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.add(handle);
  };

  const report = async (jobId: string, status: OtaStatusString, info: string): Promise<boolean> => {
    const ts = Math.max(0, Math.floor(clock.now() / 1000));
    log.log(status === OtaStatus.Failed || status === OtaStatus.Rejected ? "warn" : "info", Tag, `${jobId} ${status}: ${info}`);
    try {
      await options.publish(TopicSuffix.OtaStatus, encodeOtaStatus({ otaJobId: jobId, status, additionalInfo: info, ts }));
      return true;
    } catch (error) {
      log.log("warn", Tag, `otastatus not sent: ${message(error)}`);
      return false;
    }
  };

  /** kv writes must not stop the job: a failed write is logged (the next boot may then report less). */
  const persist = (what: string, write: () => void): void => {
    try {
      write();
    } catch (error) {
      log.log("error", Tag, `cannot store the OTA job (${what}): ${message(error)}`);
    }
  };

  const fetch = (): void => {
    if (state !== "idle") return;
    try {
      const sent = options.publish(TopicSuffix.OtaFetch, encodeOtaFetch({ nodeId: config.nodeId, fwVersion: config.version }));
      if (sent) sent.catch((error: unknown) => log.log("warn", Tag, `otafetch not sent: ${message(error)}`));
    } catch (error) {
      log.log("warn", Tag, `otafetch not sent: ${message(error)}`);
    }
  };

  const rollBack = async (): Promise<void> => {
    // [spec 7 rollback] no MQTT connection within the wait period: back to the previous image
    log.log("error", Tag, `${OtaFailureText.RolledBackTimeout} (${config.validationWindowMs} ms): rolling back`);
    state = "rebooting";
    try {
      await ota.rollback();
    } catch (error) {
      log.log("error", Tag, `rollback failed: ${message(error)}`);
    }
    system.restart("rollback");
  };

  // What this boot means for a stored job [spec 7: after a reboot the job id comes from NVS].
  const boot = ota.boot();
  const stored = loadOtaJob(kv);
  if (boot.pendingValidation) {
    state = "validating";
    validationTimer = clock.setTimeout(() => void rollBack(), config.validationWindowMs);
  } else if (stored?.phase === "reboot") {
    const landed = !boot.rolledBack && stored.version === config.version;
    bootReport = landed
      ? { jobId: stored.jobId, status: OtaStatus.Success, info: OtaInfoText.FinishedVerified }
      : { jobId: stored.jobId, status: OtaStatus.Rejected, info: OtaInfoText.RolledBack };
  }

  const validate = async (): Promise<void> => {
    clock.clear(validationTimer);
    try {
      await ota.markValid();
    } catch (error) {
      log.log("error", Tag, `markValid failed: ${message(error)}`);
      return;
    }
    state = "idle";
    const job = loadOtaJob(kv);
    log.log("info", Tag, `firmware ${config.version} reached the cloud: marked valid`);
    if (job) bootReport = { jobId: job.jobId, status: OtaStatus.Success, info: OtaInfoText.FinishedVerified };
  };

  const session: WriterSession = {};

  const attempt = async (job: OtaJob, n: number, progress: (percent: number) => void): Promise<AttemptResult> => {
    let result: AttemptResult;
    try {
      result = await downloadAttempt({ ports: options.ports, config, job, session, onProgress: progress });
    } catch (error) {
      return { kind: "retry", reason: message(error) };
    }
    if (result.kind !== "done") return result;
    try {
      // verify before activating: the slot read back must hash to the signed manifest's sha256
      if (await slotMatches(ota, options.ports.crypto, result.prefix.manifest.size, result.prefix.manifest.sha256, OtaDefaults.verifyChunkBytes)) return result;
      session.writer = undefined;
      await result.writer.abort();
    } catch (error) {
      return { kind: "retry", reason: `Verification failed: ${message(error)}` };
    }
    log.log("warn", Tag, `attempt ${n}: slot read-back does not match the manifest`);
    return { kind: "retry", reason: `${OtaFailureText.HashMismatch} (flash read-back)` };
  };

  const runJob = async (job: OtaJob): Promise<void> => {
    const scheme = /^https:/i.test(job.url) ? "HTTPS" : "HTTP";
    let lastPercent = 0;
    const progress = (percent: number): void => {
      const step = Math.floor(percent / config.progressStepPercent) * config.progressStepPercent;
      if (step <= lastPercent || step >= 100) return;
      lastPercent = step;
      void report(job.otaJobId, OtaStatus.InProgress, `Downloaded ${step}% Firmware Image`);
    };
    for (let n = 1; n <= config.maxAttempts; n++) {
      await report(job.otaJobId, OtaStatus.InProgress, `Starting OTA Upgrade (${scheme} attempt ${n}/${config.maxAttempts})`);
      const result = await attempt(job, n, progress);
      if (result.kind === "refused") {
        if (session.writer) await session.writer.abort().catch(() => undefined);
        session.writer = undefined;
        persist("clear", () => clearOtaJob(kv));
        await report(job.otaJobId, result.refusal.status, result.refusal.info);
        return;
      }
      if (result.kind === "retry") {
        await report(job.otaJobId, OtaStatus.Failed, `OTA Attempt ${n}/${config.maxAttempts} failed: ${result.reason}`);
        continue;
      }
      await report(job.otaJobId, OtaStatus.InProgress, OtaInfoText.DownloadComplete);
      session.writer = undefined;
      await result.writer.complete();
      persist("reboot", () => saveOtaJob(kv, { jobId: job.otaJobId, phase: "reboot", version: result.prefix.manifest.version }));
      state = "rebooting";
      await report(job.otaJobId, OtaStatus.InProgress, `Rebooting into new firmware (after ${n} ${scheme} attempt${n === 1 ? "" : "s"})`);
      later(() => system.restart("ota"), config.rebootDelayMs);
      return;
    }
    // [spec 7 retries] every attempt failed: ask again later (a partial download resumes)
    if (config.retryFetchMs > 0) later(fetch, config.retryFetchMs);
  };

  return {
    start() {
      if (started) return;
      started = true;
      later(fetch, config.fetchDelayMs);
      if (config.fetchIntervalMs > 0) timers.add(clock.setInterval(fetch, config.fetchIntervalMs));
    },
    async onConnected() {
      if (state === "validating") {
        validation ??= validate().finally(() => (validation = undefined));
        await validation;
      }
      const pending = bootReport;
      if (!pending || sendingBootReport) return;
      sendingBootReport = true;
      try {
        if (await report(pending.jobId, pending.status, pending.info)) {
          if (bootReport === pending) bootReport = undefined;
          if (loadOtaJob(kv)?.jobId === pending.jobId) persist("clear", () => clearOtaJob(kv));
          if (started) fetch();
        }
      } finally {
        sendingBootReport = false;
      }
    },
    async onOtaUrl(payload) {
      let text: string;
      try {
        text = typeof payload === "string" ? payload : utf8Decode(payload);
      } catch {
        log.log("warn", Tag, "otaurl: payload is not UTF-8; dropped");
        return;
      }
      const decoded = decodeOtaUrl(text);
      if (!decoded.ok) {
        log.log("warn", Tag, `otaurl dropped: ${decoded.error}`);
        return;
      }
      const job = decoded.value;
      if (state !== "idle") {
        // [spec 7] while an OTA is running further otaurl messages are ignored
        log.log("info", Tag, `otaurl ${job.otaJobId} ignored: ${state}`);
        return;
      }
      const window = checkJobWindow(job, clock.now());
      if (window.kind !== "go") {
        await report(job.otaJobId, window.kind === "delayed" ? OtaStatus.Delayed : OtaStatus.Rejected, window.info);
        if (window.kind === "delayed") later(fetch, window.retryInMs);
        return;
      }
      state = "downloading";
      try {
        await runJob(job);
      } catch (error) {
        await report(job.otaJobId, OtaStatus.Failed, `OTA failed: ${message(error)}`);
      } finally {
        if (state === "downloading") state = "idle";
      }
    },
    fetch,
    state: () => state,
    stop() {
      clock.clear(validationTimer);
      for (const handle of timers) clock.clear(handle);
      timers.clear();
    },
  };
}

/**
 * Claiming state machine: a node without valid credentials claims (with capped backoff), stores
 * the result atomically (credentials.ts), never claims again while they are valid, renews them
 * before expiry, and re-claims on demand. See README.md for the per-board flow choice.
 */
import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { readCertificate } from "../../protocol/der/certificate";
import { clearCredentials, loadCredentials, saveCredentials } from "./credentials";
import type { NodeCredentials } from "./credentials";
import { ClaimError, asClaimError } from "./claim-error";
import { ClockSyncedAfter } from "./issued-certificate";
import { dropPendingKey, PendingClaimKv } from "./node-key";

export type ClaimStatus = "unclaimed" | "claiming" | "waiting-retry" | "claimed" | "refused";

/** One claim attempt of any flow; throws a {@link ClaimError}. */
export type ClaimFlow = () => Promise<NodeCredentials>;

export const ClaimDefaults = Object.freeze({
  /** Renew this long before the certificate's notAfter. */
  renewBeforeMs: 30 * 24 * 3600 * 1000,
  firstRetryMs: 5_000,
  /** Backoff cap: at most one attempt per 10 minutes from one device. */
  maxRetryMs: 10 * 60_000,
  /** How often startRenewalChecks looks at the certificate's expiry. */
  renewalCheckMs: 24 * 3600 * 1000,
});

export interface ClaimManagerOptions {
  kv: KvPort;
  clock: ClockPort;
  log: LogPort;
  flow: ClaimFlow;
  renewBeforeMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Called on each status change (the connection layer shows it). */
  onStatus?(status: ClaimStatus, error?: ClaimError): void;
}

export interface ClaimManager {
  status(): ClaimStatus;
  /** The failure that led to the current `waiting-retry` / `refused`. */
  lastError(): ClaimError | undefined;
  /**
   * Stored valid credentials, or claims until it gets them. Rejects with the ClaimError when the
   * claim is refused (a 4xx, a certificate for another identity) or {@link cancel} is called.
   */
  ensureClaimed(): Promise<NodeCredentials>;
  /** When the stored certificate is within the renewal window: one claim attempt; keeps the old credentials on failure. */
  renewIfDue(): Promise<"not-due" | "renewed" | "failed">;
  /** Forgets the credentials (factory reset of the claim) and claims again. */
  reclaim(): Promise<NodeCredentials>;
  /** Stops a waiting retry loop; a pending `ensureClaimed` rejects. */
  cancel(): void;
  /** Milliseconds before the next retry in `waiting-retry`. */
  nextRetryMs(): number | undefined;
  /**
   * Checks for renewal now and then every `everyMs` (default daily); `onRenewed` gets the new
   * credentials (the connection reconnects with them). Returns the stop function.
   */
  startRenewalChecks(onRenewed: (credentials: NodeCredentials) => void, everyMs?: number): () => void;
}

/** When the stored certificate expires, or undefined when it does not parse. */
export function certificateNotAfter(creds: NodeCredentials): number | undefined {
  try {
    return readCertificate(creds.certificate).notAfter;
  } catch {
    return undefined;
  }
}

export function createClaimManager(o: ClaimManagerOptions): ClaimManager {
  const renewBeforeMs = o.renewBeforeMs ?? ClaimDefaults.renewBeforeMs;
  const firstRetryMs = o.firstRetryMs ?? ClaimDefaults.firstRetryMs;
  const maxRetryMs = o.maxRetryMs ?? ClaimDefaults.maxRetryMs;
  let status: ClaimStatus = "unclaimed";
  let lastError: ClaimError | undefined;
  let waiting: { timer: TimerHandle; cancel: () => void; ms: number } | undefined;
  let running: Promise<NodeCredentials> | undefined;

  const setStatus = (next: ClaimStatus, error?: ClaimError): void => {
    status = next;
    lastError = error;
    o.onStatus?.(next, error);
  };

  const usable = (): NodeCredentials | undefined => {
    const creds = loadCredentials(o.kv, o.log);
    if (!creds) return undefined;
    if (certificateNotAfter(creds) === undefined) {
      o.log.log("error", "claim", `stored certificate of node ${creds.nodeId} does not parse; claiming again`);
      return undefined;
    }
    if (o.kv.get(PendingClaimKv.namespace, PendingClaimKv.key) !== undefined) dropPendingKey(o.kv);
    return creds;
  };

  const store = (creds: NodeCredentials): NodeCredentials => {
    saveCredentials(o.kv, creds);
    try {
      dropPendingKey(o.kv);
    } catch {
      // a stale pending key is dropped at the next start (usable())
    }
    o.log.log("info", "claim", `node ${creds.nodeId} claimed; credentials stored (MQTT ${creds.mqttHost}:${creds.mqttPort})`);
    setStatus("claimed");
    return creds;
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve, reject) => {
    const timer = o.clock.setTimeout(() => {
      waiting = undefined;
      resolve();
    }, ms);
    waiting = { timer, ms, cancel: () => reject(new ClaimError("not-possible", "claim cancelled")) };
  });

  const claimLoop = async (): Promise<NodeCredentials> => {
    let delay = firstRetryMs;
    for (let attempt = 1; ; attempt++) {
      setStatus("claiming");
      let error: ClaimError;
      try {
        return store(await o.flow());
      } catch (e) {
        error = asClaimError(e);
      }
      if (!error.retryable) {
        o.log.log("error", "claim", `claim refused (${error.kind}): ${error.message}; no automatic retry until a re-claim is requested or the next boot`);
        setStatus("refused", error);
        throw error;
      }
      const wait = Math.min(maxRetryMs, Math.max(delay, error.retryAfterMs ?? 0));
      o.log.log("warn", "claim", `claim attempt ${attempt} failed (${error.kind}): ${error.message}; retrying in ${Math.round(wait / 1000)} s`);
      setStatus("waiting-retry", error);
      await sleep(wait);
      delay = Math.min(maxRetryMs, delay * 2);
    }
  };

  const ensureClaimed = (): Promise<NodeCredentials> => {
    const creds = usable();
    if (creds) {
      if (status !== "claimed") setStatus("claimed");
      return Promise.resolve(creds);
    }
    if (!running) {
      o.log.log("info", "claim", "no valid credentials stored; claiming");
      running = claimLoop();
      const clear = () => {
        running = undefined;
      };
      running.then(clear, clear);
    }
    return running;
  };

  return {
    status: () => status,
    lastError: () => lastError,
    ensureClaimed,
    async renewIfDue() {
      const creds = usable();
      const now = o.clock.now();
      if (!creds || now < ClockSyncedAfter) return "not-due";
      const notAfter = certificateNotAfter(creds)!;
      if (notAfter - now > renewBeforeMs) return "not-due";
      o.log.log("info", "claim", `certificate of node ${creds.nodeId} expires in ${Math.round((notAfter - now) / 86400000)} days; renewing`);
      try {
        const fresh = await o.flow();
        if (fresh.nodeId !== creds.nodeId) throw new ClaimError("wrong-identity", `renewal returned node ${fresh.nodeId}, not ${creds.nodeId}`);
        store(fresh);
        return "renewed";
      } catch (e) {
        const error = asClaimError(e);
        o.log.log("warn", "claim", `renewal failed (${error.kind}): ${error.message}; keeping the current certificate`);
        setStatus("claimed", error);
        return "failed";
      }
    },
    async reclaim() {
      this.cancel();
      running = undefined;
      o.log.log("info", "claim", "credentials cleared on request; claiming again");
      clearCredentials(o.kv);
      dropPendingKey(o.kv);
      setStatus("unclaimed");
      return ensureClaimed();
    },
    cancel() {
      if (!waiting) return;
      o.clock.clear(waiting.timer);
      const w = waiting;
      waiting = undefined;
      w.cancel();
    },
    nextRetryMs: () => waiting?.ms,
    startRenewalChecks(onRenewed, everyMs = ClaimDefaults.renewalCheckMs) {
      let busy = false;
      const check = (): void => {
        if (busy) return;
        busy = true;
        this.renewIfDue().then((result) => {
          busy = false;
          const creds = result === "renewed" ? loadCredentials(o.kv, o.log) : undefined;
          if (creds) onRenewed(creds);
        }, () => {
          busy = false;
        });
      };
      check();
      const timer = o.clock.setInterval(check, everyMs);
      return () => o.clock.clear(timer);
    },
  };
}

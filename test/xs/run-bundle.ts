/**
 * Runs one bundled test file in a fresh xsnap worker: loads it (a load-time exception fails the
 * file), starts the mocha shim, aborts tests whose promise never settles, enforces a wall-clock
 * limit, and reads the heap after a final GC.
 */
import { createCryptoHost } from "../helpers/xs-crypto-host";
import { startXsWorker } from "../helpers/xs-host";
import type { HeapFigures, MeterUsage, XsWorker } from "../helpers/xs-host";
import type { TestEvent } from "./shims/mocha";

export interface FileRun {
  events: TestEvent[];
  /** Failures outside a test: load errors, timeouts, worker crashes. */
  fileErrors: string[];
  heap: HeapFigures | undefined;
  meter: MeterUsage | undefined;
  ms: number;
}

interface RunState { started: boolean; done: boolean; current?: string; error?: string }

const LOAD_HINT = "an API or syntax XS 13 lacks? (see shared/spec/moddable.md section 7: no toSorted, Object.groupBy, " +
  "Promise.withResolvers, RegExp v flag, Set methods, Iterator helpers, structuredClone, setTimeout, Uint8Array hex/base64)";

const decoder = new TextDecoder();

class FileTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, deadline: number, onExpire: () => void): Promise<T> {
  const ms = Math.max(0, deadline - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpire();
      reject(new FileTimeout(`time limit reached`));
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

function wrapForLoad(code: string): string {
  return `try {\n${code}\n} catch (e) {\n globalThis.__xsrLoadError = String(e && e.name) + ": " + String(e && e.message) + (e && e.stack ? "\\n" + e.stack : "");\n}`;
}

async function readJson<T>(worker: XsWorker, expression: string): Promise<T> {
  const { reply } = await worker.evaluate(expression);
  return JSON.parse(decoder.decode(reply)) as T;
}

/** Runs `code` (from bundleTest); `onEvent` sees each test result as it happens. */
export async function runBundle(code: string, limitMs: number, onEvent: (e: TestEvent) => void, onPrint: (line: string) => void): Promise<FileRun> {
  const started = Date.now();
  const deadline = started + limitMs;
  const events: TestEvent[] = [];
  const fileErrors: string[] = [];
  const crypto = createCryptoHost();
  const worker = await startXsWorker({
    onPrint,
    onMessage(message) {
      const m = message as { t: string; event?: TestEvent; op?: string; args?: never[] };
      if (m.t === "event" && m.event) {
        events.push(m.event);
        onEvent(m.event);
        return undefined;
      }
      if (m.t === "crypto") return crypto(String(m.op), m.args ?? []);
      return { ok: false, error: `unknown host message ${m.t}` };
    },
  });
  let heap: HeapFigures | undefined;
  let meter: MeterUsage | undefined;
  const guard = <T>(p: Promise<T>) => withTimeout(p, deadline, () => void worker.terminate());
  try {
    await guard(worker.evaluate(wrapForLoad(code)));
    const loadError = await guard(worker.evaluate(`typeof __xsrLoadError === "string" ? new TextEncoder().encode(__xsrLoadError).buffer : undefined`));
    if (loadError.reply.length) {
      fileErrors.push(`failed to load on XS: ${decoder.decode(loadError.reply)}\n  hint: ${LOAD_HINT}`);
    } else {
      await guard(worker.evaluate("__xsr.start()"));
      for (;;) {
        const state = await guard(readJson<RunState>(worker, "__xsr.state()"));
        if (state.done) {
          if (state.error) fileErrors.push(`runner error: ${state.error}`);
          break;
        }
        if (!state.current) {
          fileErrors.push("the run stalled outside any test (a promise in describe-time code never settled)");
          break;
        }
        await guard(worker.evaluate(`__xsr.abortCurrent(${JSON.stringify(`never settled on XS (a promise nothing resolves: ${state.current})`)})`));
      }
      meter = (await guard(worker.evaluate("gc()"))).meter;
      heap = await guard(worker.heapSnapshot());
    }
  } catch (error) {
    const reason = error instanceof FileTimeout ? `exceeded the per-file time limit of ${limitMs} ms` : `XS worker failed: ${error instanceof Error ? error.message : String(error)}`;
    fileErrors.push(reason);
  } finally {
    await worker.terminate();
  }
  return { events, fileErrors, heap, meter, ms: Date.now() - started };
}

/**
 * Runs a bench entry on real XS (xsnap): bundles the TS entry with esbuild for XS (platform
 * neutral, ES2022, no npm or Node imports), loads it in a fresh worker, and times expressions
 * inside XS (`performance.now`) with the meter figures; `heap()` reads the live heap after a GC.
 */
import { build } from "esbuild";
import { startXsWorker } from "../../test/helpers/xs-host";
import type { HeapFigures, MeterUsage } from "../../test/helpers/xs-host";

export type { HeapFigures, MeterUsage };

export interface XsTiming {
  /** Milliseconds measured inside XS around the expression. */
  ms: number;
  meter: MeterUsage;
  /** JSON of the expression's value (undefined when not JSON-serialisable). */
  value: unknown;
}

export interface XsBench {
  /** Evaluates a synchronous expression in the bundle's global scope, timing it inside XS. */
  run(expression: string): Promise<XsTiming>;
  /** Live heap after a full GC (from an XS snapshot). */
  heap(): Promise<HeapFigures>;
  /** Live slots after `gc()` (cheaper than `heap()`; no chunk figure). */
  liveSlots(): Promise<number>;
  close(): Promise<void>;
}

/** Bundles `entry` (absolute path) into one script for XS; Node built-ins and npm packages are errors. */
export async function bundleForXs(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    logLevel: "silent",
    plugins: [{
      name: "xs-no-host-modules",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => ({ errors: [{ text: `${args.path} (imported by ${args.importer}) is not available on XS` }] }));
      },
    }],
  });
  return result.outputFiles[0]!.text;
}

/**
 * Loads the bundled `entry` in a new xsnap worker; XS `print` output goes to `onPrint` (default: stdout).
 * `onMessage` answers the entry's `issueCommand` messages (e.g. the crypto bridge of test/helpers/xs-crypto-host).
 */
export async function loadOnXs(entry: string, onPrint?: (line: string) => void, onMessage?: (message: unknown) => unknown): Promise<XsBench> {
  const code = await bundleForXs(entry);
  const worker = await startXsWorker({ name: "xs-bench", ...(onPrint ? { onPrint } : {}), ...(onMessage ? { onMessage } : {}) });
  try {
    await worker.evaluate(code);
  } catch (error) {
    await worker.terminate();
    throw new Error(`${entry} failed to load on XS: ${error instanceof Error ? error.message : String(error)}`);
  }
  const decoder = new TextDecoder();
  return {
    async run(expression) {
      const script = `(() => { const t0 = performance.now(); const v = (${expression}); const ms = performance.now() - t0;
        let json; try { json = JSON.stringify(v); } catch { json = undefined; }
        return new TextEncoder().encode(JSON.stringify({ ms, json })).buffer; })()`;
      const { reply, meter } = await worker.evaluate(script);
      const { ms, json } = JSON.parse(decoder.decode(reply)) as { ms: number; json?: string };
      return { ms, meter, value: json === undefined ? undefined : JSON.parse(json) };
    },
    heap: () => worker.heapSnapshot(),
    async liveSlots() {
      return (await worker.evaluate("gc()")).meter.currentHeapCount;
    },
    close: () => worker.terminate(),
  };
}

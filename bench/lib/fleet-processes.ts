/**
 * Orchestration of the fleet benches: the cloud stub and the simulator each in a process of their
 * own (this process only drives them and prints), the fixture built or reused by the cloud.
 */
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { forkBenchChild } from "./bench-ipc";
import type { BenchChild } from "./bench-ipc";
import type { FleetCloudReady } from "./fleet-cloud-child";
import type { FleetBootResult } from "./fleet-sim-child";
import { fixtureDir } from "./fleet-fixture";
import { machineLine, rssKbOf } from "./process-memory";

export interface FleetProcesses {
  cloud: BenchChild;
  sim: BenchChild;
  ready: FleetCloudReady;
  dir: string;
  boot(options?: { debounceMs?: number; timeoutMs?: number }): Promise<FleetBootResult>;
  cloudRssKb(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The simulator child as one esbuild bundle run by plain node: what a built simulator costs. Under
 * tsx every function gets a `name` property (esbuild keepNames), about 30 KB of heap per device.
 */
async function bundledSimChild(): Promise<string> {
  const outfile = join(tmpdir(), `xsr-bench-sim-${process.pid}.mjs`);
  await build({
    entryPoints: [new URL("./fleet-sim-child.ts", import.meta.url).pathname],
    bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "warning",
    // CommonJS dependencies inside an ES module bundle still call require()
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  });
  return outfile;
}

export interface FleetProcessOptions {
  /** Take the fixture a previous run left (rebuilt when missing or of another size). */
  reuse?: boolean;
  /** Run the simulator as an esbuild bundle instead of under tsx. */
  bundle?: boolean;
}

export async function startFleetProcesses(count: number, options: FleetProcessOptions = {}): Promise<FleetProcesses> {
  const dir = fixtureDir(count);
  const cloud = await forkBenchChild(new URL("./fleet-cloud-child.ts", import.meta.url).pathname, [dir, String(count), ...(options.reuse ? ["--reuse"] : [])]);
  const ready = cloud.ready as FleetCloudReady;
  const bundle = options.bundle ? await bundledSimChild() : undefined;
  const sim = bundle
    ? await forkBenchChild(bundle, [], ["--expose-gc"])
    : await forkBenchChild(new URL("./fleet-sim-child.ts", import.meta.url).pathname, []);
  return {
    cloud,
    sim,
    ready,
    dir,
    boot: (options = {}) => sim.request<FleetBootResult>("boot", { dir, count, ...options }),
    cloudRssKb: () => rssKbOf(cloud.child.pid!),
    async close() {
      await sim.request("stop").catch(() => undefined);
      await cloud.request("close").catch(() => undefined);
      if (bundle) await rm(bundle, { force: true });
    },
  };
}

/** The shared command-line flags of the fleet benches. */
export function fleetFlags(): FleetProcessOptions {
  return { reuse: process.argv.includes("--reuse"), bundle: process.argv.includes("--bundle") };
}

/** `machine: ...` line, printed at the start and the end of a bench (the machine is shared). */
export function printMachine(when: "start" | "end"): void {
  process.stdout.write(`machine at ${when}: ${machineLine()}\n`);
}


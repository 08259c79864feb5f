/**
 * Orchestration of the fleet benches: the cloud stub and the simulator each in a process of their
 * own (this process only drives them and prints), the fixture built or reused by the cloud.
 */
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

export async function startFleetProcesses(count: number, reuse: boolean): Promise<FleetProcesses> {
  const dir = fixtureDir(count);
  const cloud = await forkBenchChild(new URL("./fleet-cloud-child.ts", import.meta.url).pathname, [dir, String(count), ...(reuse ? ["--reuse"] : [])]);
  const ready = cloud.ready as FleetCloudReady;
  const sim = await forkBenchChild(new URL("./fleet-sim-child.ts", import.meta.url).pathname, []);
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
    },
  };
}

/** `machine: ...` line, printed at the start and the end of a bench (the machine is shared). */
export function printMachine(when: "start" | "end"): void {
  process.stdout.write(`machine at ${when}: ${machineLine()}\n`);
}


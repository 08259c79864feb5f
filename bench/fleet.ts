/**
 * Fleet start-up: N simulated lightbulbs (default 200, `--devices 1000|5000`) against the real cloud
 * stub (embedded aedes broker with mutual TLS), the cloud and the simulator each in its own process.
 * The fixture (devices provisioned, claimed and mapped: bench/lib/fleet-fixture.ts) is built first
 * and not measured; `--reuse` takes the one a previous run left in the temp dir. Measured: boot every
 * device at once until all are connected (mTLS) and synced (config and params published), the
 * connect rate, and the simulator's memory growth per device after GC (RSS and JS heap), all past
 * a first device booted alone to warm up (first-use costs are not per-device costs).
 * `--bundle` runs the simulator as an esbuild bundle (no tsx keepNames overhead).
 */
import { argValue } from "./lib/loop-cloud";
import { printFigure } from "./lib/figures";
import { fleetFlags, printMachine, startFleetProcesses } from "./lib/fleet-processes";

async function main(): Promise<void> {
  const count = argValue("--devices", 200);
  const flags = fleetFlags();
  printMachine("start");
  process.stdout.write(`simulator run ${flags.bundle ? "as an esbuild bundle (--bundle)" : "under tsx"}\n`);
  const fleet = await startFleetProcesses(count, flags);
  try {
    const { fixture } = fleet.ready;
    process.stdout.write(`fixture ${fleet.dir}: ${fixture.reused ? "reused" : "built"} in ${(fixture.ms / 1000).toFixed(1)} s (not measured)\n`);
    const r = await fleet.boot();
    const perDevice = (bytes: number): number => bytes / Math.max(1, count - 1) / 1024;
    printFigure({ label: "devices", value: count, unit: "devices" });
    printFigure({ label: `boot ${count} claimed devices (1 warm-up, then ${count - 1} at once): until all connected (mTLS) and synced`, value: r.ms / 1000, unit: "s", target: count >= 5000 ? 30 : undefined });
    printFigure({ label: "connect rate (devices online per second)", value: (count - 1) / (r.ms / 1000), unit: "dev/s" });
    printFigure({ label: "simulator RSS per connected device", value: perDevice(r.after.rss - r.before.rss), unit: "KB", target: 60 });
    printFigure({ label: "simulator JS heap per connected device", value: perDevice(r.after.heapUsed - r.before.heapUsed), unit: "KB" });
    printFigure({ label: "simulator external (Buffers, native) per connected device", value: perDevice(r.after.external - r.before.external), unit: "KB" });
    process.stdout.write(`cloud process RSS: ${((await fleet.cloudRssKb()) / 1024).toFixed(0)} MB (not counted above)\n`);
    if (r.errors.count > 0) process.stdout.write(`device errors logged: ${r.errors.count}, first: ${r.errors.first.join(" | ")}\n`);
  } finally {
    await fleet.close();
    printMachine("end");
  }
}

await main();

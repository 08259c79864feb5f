/**
 * Fleet start-up: N simulated lightbulbs (default 200, `--devices 1000|5000`) against the real cloud
 * stub (embedded aedes with mutual TLS) running in a child process. Phase 1: fresh devices provision
 * (shortcut), host-claim (the service makes an RSA key per device) and connect. Phase 2: every device
 * reboots at once; time until all are connected again with mTLS and have published config and params.
 * RSS per device is this (simulator) process's growth divided by N.
 */
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { lightbulbApp } from "../host-sim/apps/lightbulb";
import { startFleet } from "../host-sim/fleet";
import { login } from "../host-sim/loop";
import type { CloudEndpoints } from "../host-sim/loop";
import { argValue, BenchUser, startBenchCloud } from "./lib/loop-cloud";
import { printFigure } from "./lib/figures";

interface CloudReady { endpoints: CloudEndpoints; userId: string }

async function cloudChild(): Promise<void> {
  const bench = await startBenchCloud();
  process.send!({ endpoints: bench.endpoints, userId: bench.userId } satisfies CloudReady);
  process.on("disconnect", () => {
    void bench.cloud.close().then(() => rm(bench.dir, { recursive: true, force: true })).then(() => process.exit(0));
  });
}

function rssAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const count = argValue("--devices", 200);
  const child = fork(import.meta.filename, ["--cloud-child"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<CloudReady>((resolve, reject) => {
    child.once("message", (m) => resolve(m as CloudReady));
    child.once("exit", (code) => reject(new Error(`cloud child exited (${code})`)));
  });
  const stateDir = await mkdtemp(join(tmpdir(), "xsr-bench-fleet-"));
  try {
    const token = await login(ready.endpoints.http, BenchUser.name, BenchUser.password);
    const before = rssAfterGc();
    const fleet = await startFleet({
      count,
      app: lightbulbApp,
      stateDir,
      cloud: ready.endpoints,
      token,
      userId: ready.userId,
      network: { ssid: "bench", passphrase: "bench-pass" },
      // a key generation per device would dominate the figure: the claim service makes the keys
      claimStrategy: "server-key",
      concurrency: 16,
      device: { write: () => undefined, logLevel: "error", agent: { backoff: { initialMs: 500, maxMs: 5000 } } },
    });
    const after = rssAfterGc();
    printFigure({ label: `devices`, value: count, unit: "devices" });
    printFigure({ label: `fresh fleet: provision + claim + mTLS connect + config/params, all ${count}`, value: fleet.startMs / 1000, unit: "s" });
    const rebootMs = await fleet.rebootAll();
    printFigure({ label: `reboot all ${count}: until every device is connected (mTLS) and synced`, value: rebootMs / 1000, unit: "s", target: count >= 5000 ? 30 : undefined });
    printFigure({ label: "simulator RSS per connected device", value: (after - before) / count / 1024, unit: "KB", target: 60 });
    fleet.stop();
  } finally {
    child.disconnect();
    await rm(stateDir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--cloud-child")) await cloudChild();
else await main();

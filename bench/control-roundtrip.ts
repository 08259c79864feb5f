/**
 * Control round trip with N connected simulated lightbulbs (default 100, `--devices 1000`):
 * REST `PUT user/nodes/params` -> device applied (driver write) -> `params/local` echo -> shadow
 * updated by the cloud's rule. Sequential writes to random devices (`--samples`, default 200);
 * prints p50 and p99 of each leg. Cloud and devices share this process (and its event loop).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lightbulbApp } from "../host-sim/apps/lightbulb";
import { startFleet } from "../host-sim/fleet";
import { login, rest } from "../host-sim/loop";
import type { ParamsDocument } from "../firmware/protocol/rainmaker/description";
import { argValue, BenchUser, percentile, startBenchCloud } from "./lib/loop-cloud";
import { printFigure } from "./lib/figures";

async function main(): Promise<void> {
  const count = argValue("--devices", 100);
  const samples = argValue("--samples", 200);
  const bench = await startBenchCloud();
  const stateDir = await mkdtemp(join(tmpdir(), "xsr-bench-rt-"));
  const waiters = new Map<string, { brightness: number; applied?: number; resolve: (t: number) => void }>();
  const store = bench.cloud.store;
  const merge = store.mergeParams.bind(store);
  store.mergeParams = (nodeId: string, delta: ParamsDocument, now: number) => {
    const result = merge(nodeId, delta, now);
    const w = waiters.get(nodeId);
    // the REST handler merges before the device applies; the echo's merge comes after
    if (w?.applied !== undefined && delta.Light?.Brightness === w.brightness) w.resolve(performance.now());
    return result;
  };
  try {
    const token = await login(bench.endpoints.http, BenchUser.name, BenchUser.password);
    const fleet = await startFleet({
      count, app: lightbulbApp, stateDir, cloud: bench.endpoints, token, userId: bench.userId,
      network: { ssid: "bench", passphrase: "bench-pass" },
      // a key generation per device would dominate the figure: the claim service makes the keys
      claimStrategy: "server-key",
      device: { write: () => undefined, logLevel: "error", agent: { debounceMs: 0 } },
    });
    for (const device of fleet.devices) {
      device.agent()!.runtime.onChange((c) => {
        const w = waiters.get(device.factory.mac);
        if (w && c.source === "cloud" && c.device === "Light" && c.param === "Brightness" && c.value === w.brightness) w.applied = performance.now();
      });
    }
    const toApplied: number[] = [];
    const toShadow: number[] = [];
    const total: number[] = [];
    for (let k = 0; k < samples; k++) {
      const device = fleet.devices[Math.floor(Math.random() * count)]!;
      const nodeId = device.factory.mac;
      const brightness = (k % 99) + 1 === (device.agent()!.runtime.get("Light", "Brightness") as number) ? ((k + 1) % 99) + 1 : (k % 99) + 1;
      let resolve: (t: number) => void = () => undefined;
      const shadowAt = new Promise<number>((r) => (resolve = r));
      const w = { brightness, resolve, applied: undefined as number | undefined };
      waiters.set(nodeId, w);
      const t0 = performance.now();
      const reply = await rest(bench.endpoints.http, "PUT", "/v1/user/nodes/params", token, [{ node_id: nodeId, payload: { Light: { Brightness: brightness } } }]);
      if (reply.status !== 200) throw new Error(`PUT failed ${reply.status}: ${JSON.stringify(reply.body)}`);
      const t2 = await Promise.race([shadowAt, new Promise<number>((_, rej) => setTimeout(() => rej(new Error(`no echo from ${nodeId}`)), 10_000))]);
      waiters.delete(nodeId);
      toApplied.push(w.applied! - t0);
      toShadow.push(t2 - w.applied!);
      total.push(t2 - t0);
    }
    printFigure({ label: "connected devices", value: count, unit: "devices" });
    printFigure({ label: "REST PUT -> driver applied p50", value: percentile(toApplied, 50), unit: "ms" });
    printFigure({ label: "REST PUT -> driver applied p99", value: percentile(toApplied, 99), unit: "ms" });
    printFigure({ label: "applied -> params/local -> shadow p50", value: percentile(toShadow, 50), unit: "ms" });
    printFigure({ label: "round trip PUT -> shadow updated p50", value: percentile(total, 50), unit: "ms", target: 2 });
    printFigure({ label: "round trip PUT -> shadow updated p99", value: percentile(total, 99), unit: "ms", target: 10 });
    fleet.stop();
  } finally {
    await bench.cloud.close();
    await rm(stateDir, { recursive: true, force: true });
    await rm(bench.dir, { recursive: true, force: true });
  }
}

await main();

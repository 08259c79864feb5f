/**
 * The fleet benches' simulator process: boots every device of a fleet fixture at once (flash
 * already holds Wi-Fi and node credentials) and waits until all are online, i.e. connected with
 * mutual TLS and done publishing config and params. Measures the time and this process's memory
 * growth (after GC) over the fleet, past a first warm-up device. On request reports each cloud-applied `Light.Brightness` with
 * its wall-clock time. Fork with `--expose-gc`.
 */
import { lightbulbApp } from "../../host-sim/apps/lightbulb";
import { createSimDevice } from "../../host-sim/device";
import type { SimDevice } from "../../host-sim/device";
import { serveRequests } from "./bench-ipc";
import { deviceDir, FleetNetwork } from "./fleet-fixture";

export interface MemorySample { rss: number; heapUsed: number; external: number; arrayBuffers: number }

export interface FleetBootResult {
  /** From the boot of device 2 until all N are online (device 1 warmed up before). */
  ms: number;
  before: MemorySample;
  after: MemorySample;
  /** First error lines the devices logged (with their count). */
  errors: { count: number; first: string[] };
}

/** Sent unsolicited after `watchApplied`. */
export interface AppliedEvent { op: "applied"; nodeId: string; brightness: number; at: number }

const wallNow = (): number => performance.timeOrigin + performance.now();

function memoryAfterGc(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("fork the simulator child with --expose-gc");
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

const devices: SimDevice[] = [];
const errors = { count: 0, first: [] as string[] };
const logWrite = (line: string): void => {
  errors.count++;
  if (errors.first.length < 5) errors.first.push(line);
};

/**
 * Boots device 0 alone first (first-use costs: module code, mqtt-packet's header cache, TLS init),
 * then takes the memory baseline and the start time, then boots the other N-1 at once.
 */
async function bootFleet(dir: string, count: number, timeoutMs: number, debounceMs: number | undefined): Promise<FleetBootResult> {
  const online = new Set<SimDevice>();
  const wifi = { networks: [FleetNetwork], connectDelayMs: 20, scanDelayMs: 20 };
  const start = (i: number): void => {
    const device = createSimDevice({
      dir: deviceDir(dir, i), app: lightbulbApp, wifi, logLevel: "error", write: logWrite,
      agent: { ...(debounceMs === undefined ? {} : { debounceMs }), backoff: { initialMs: 500, maxMs: 5000 } },
    });
    device.onBoot((agent) => agent.onPhase((p) => (p === "online" ? online.add(device) : online.delete(device))));
    device.boot();
    devices.push(device);
  };
  const end = Date.now() + timeoutMs;
  const waitOnline = async (n: number, t0: number): Promise<void> => {
    let lastReport = Date.now();
    while (online.size < n) {
      if (Date.now() > end) throw new Error(`${n - online.size} of ${n} devices not online after ${timeoutMs} ms`);
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        process.stderr.write(`fleet: ${online.size}/${n} online after ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  start(0);
  await waitOnline(1, performance.now());
  const before = memoryAfterGc();
  const t0 = performance.now();
  for (let i = 1; i < count; i++) {
    start(i);
    // let the first devices' sockets make progress while the rest are created
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  await waitOnline(count, t0);
  const ms = performance.now() - t0;
  return { ms, before, after: memoryAfterGc(), errors };
}

serveRequests({
  boot: (args) => bootFleet(String(args.dir), Number(args.count), Number(args.timeoutMs ?? 600_000), args.debounceMs === undefined ? undefined : Number(args.debounceMs)),
  watchApplied: () => {
    for (const device of devices) {
      device.agent()!.runtime.onChange((c) => {
        if (c.source === "cloud" && c.device === "Light" && c.param === "Brightness" && typeof c.value === "number") {
          process.send!({ op: "applied", nodeId: device.factory.mac, brightness: c.value, at: wallNow() } satisfies AppliedEvent);
        }
      });
    }
    return true;
  },
  brightness: (args) => devices.find((d) => d.factory.mac === args.nodeId)?.agent()?.runtime.get("Light", "Brightness"),
  stop: () => {
    for (const d of devices) d.stop();
    setTimeout(() => process.exit(0), 200);
    return true;
  },
}, process.pid);

/**
 * Control round trip with N connected simulated lightbulbs (default 100, `--devices 1000`), the
 * cloud stub, the simulator and this REST client each in its own process (fixture and `--reuse` as
 * in bench/fleet.ts): REST `PUT user/nodes/params` -> device applied (driver write) -> `params/local`
 * echo -> shadow updated by the cloud's rule. Sequential writes to random devices (`--samples`,
 * default 200); times are wall-clock stamps taken where each event happens, so IPC adds nothing.
 * `--bundle` runs the simulator as an esbuild bundle.
 */
import { login, rest } from "../host-sim/loop";
import { argValue, BenchUser, percentile } from "./lib/loop-cloud";
import { printFigure } from "./lib/figures";
import { fleetFlags, printMachine, startFleetProcesses } from "./lib/fleet-processes";
import type { ShadowEvent } from "./lib/fleet-cloud-child";
import type { AppliedEvent } from "./lib/fleet-sim-child";

const wallNow = (): number => performance.timeOrigin + performance.now();

/** Events of one kind: waiters, and what arrived before anyone waited (the two IPC channels do not keep order). */
class EventQueue<T extends { at: number }> {
  private waiters: Array<(e: T) => boolean> = [];
  private early: T[] = [];

  dispatch(e: T): void {
    const i = this.waiters.findIndex((w) => w(e));
    if (i >= 0) this.waiters.splice(i, 1);
    else this.early.push(e);
  }

  /** Resolves with the stamp of the first event matching `match`, already arrived or still to come. */
  next(match: (e: T) => boolean, what: string): Promise<number> {
    const i = this.early.findIndex(match);
    if (i >= 0) return Promise.resolve(this.early.splice(i, 1)[0]!.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within 10 s`)), 10_000);
      this.waiters.push((e) => {
        if (!match(e)) return false;
        clearTimeout(timer);
        resolve(e.at);
        return true;
      });
    });
  }

  /** Forget unclaimed events (between samples). */
  clear(): void {
    this.early = [];
  }
}

async function main(): Promise<void> {
  const count = argValue("--devices", 100);
  const samples = argValue("--samples", 200);
  const flags = fleetFlags();
  printMachine("start");
  const fleet = await startFleetProcesses(count, flags);
  try {
    const r = await fleet.boot({ debounceMs: 0 });
    process.stdout.write(`${count} devices online in ${(r.ms / 1000).toFixed(1)} s\n`);
    const appliedEvents = new EventQueue<AppliedEvent>();
    const shadowEvents = new EventQueue<ShadowEvent>();
    fleet.sim.child.on("message", (m: AppliedEvent) => m.op === "applied" && appliedEvents.dispatch(m));
    fleet.cloud.child.on("message", (m: ShadowEvent) => m.op === "shadow" && shadowEvents.dispatch(m));
    await fleet.sim.request("watchApplied");
    await fleet.cloud.request("watchShadow");
    const token = await login(fleet.ready.http, BenchUser.name, BenchUser.password);
    const nodeIds = fleet.ready.meta.nodeIds;
    const toApplied: number[] = [];
    const toShadow: number[] = [];
    const total: number[] = [];
    for (let k = 0; k < samples; k++) {
      const nodeId = nodeIds[Math.floor(Math.random() * count)]!;
      const current = await fleet.sim.request<number | undefined>("brightness", { nodeId });
      const brightness = (k % 99) + 1 === current ? ((k + 1) % 99) + 1 : (k % 99) + 1;
      const t0 = wallNow();
      appliedEvents.clear();
      shadowEvents.clear();
      const applied = appliedEvents.next((e) => e.nodeId === nodeId && e.brightness === brightness, `apply on ${nodeId}`);
      // the REST handler's own merge comes before the device applies; the echo's merge after it
      const shadow = applied.then((at) => shadowEvents.next((e) => e.nodeId === nodeId && e.brightness === brightness && e.at >= at, `shadow update of ${nodeId}`));
      const reply = await rest(fleet.ready.http, "PUT", "/v1/user/nodes/params", token, [{ node_id: nodeId, payload: { Light: { Brightness: brightness } } }]);
      if (reply.status !== 200) throw new Error(`PUT failed ${reply.status}: ${JSON.stringify(reply.body)}`);
      const appliedAt = await applied;
      const shadowAt = await shadow;
      toApplied.push(appliedAt - t0);
      toShadow.push(shadowAt - appliedAt);
      total.push(shadowAt - t0);
    }
    printFigure({ label: "connected devices", value: count, unit: "devices" });
    printFigure({ label: "REST PUT -> driver applied p50", value: percentile(toApplied, 50), unit: "ms" });
    printFigure({ label: "REST PUT -> driver applied p99", value: percentile(toApplied, 99), unit: "ms" });
    printFigure({ label: "applied -> params/local -> shadow p50", value: percentile(toShadow, 50), unit: "ms" });
    printFigure({ label: "round trip PUT -> shadow updated p50", value: percentile(total, 50), unit: "ms", target: 2 });
    printFigure({ label: "round trip PUT -> shadow updated p99", value: percentile(total, 99), unit: "ms", target: 10 });
  } finally {
    await fleet.close();
    printMachine("end");
  }
}

await main();

/**
 * XS side of bench/xs-heap.ts: an example node (Switch, Lightbulb, Fan: 3 devices, 11 params) on
 * minimal in-bench ports that keep no history, so the heap figures are the node's own.
 * Installs `globalThis.xsHeapBench` with the steps the host times and measures.
 */
import { createNodeRuntime, defineDriver, devices, node } from "../../firmware/core";
import type { NodeRuntime } from "../../firmware/core";
import { pwmLight } from "../../firmware/drivers/pwm-light/pwm-light";
import { relay } from "../../firmware/drivers/relay/relay";
import type { ClockPort, TimerHandle } from "../../firmware/ports/clock";
import type { IoPort } from "../../firmware/ports/io";
import type { KvPort, KvValue } from "../../firmware/ports/kv";
import type { LogPort } from "../../firmware/ports/log";
import { createParamsSchema, decodeRemoteSet, encodeDeltaReport, encodeFullReport } from "../../firmware/protocol/rainmaker/params";
import type { ParamsSchema } from "../../firmware/protocol/rainmaker/params";

interface Timer { at: number; every: number | undefined; callback: () => void }

function benchClock(): ClockPort & { advance(ms: number): void } {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const add = (callback: () => void, ms: number, every: number | undefined): TimerHandle => {
    const id = nextId++;
    timers.set(id, { at: now + ms, every, callback });
    return id as unknown as TimerHandle;
  };
  return {
    now: () => now,
    monotonic: () => now,
    setTimeout: (cb, ms) => add(cb, ms, undefined),
    setInterval: (cb, ms) => add(cb, ms, ms),
    clear: (handle) => void timers.delete(handle as unknown as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at > now) continue;
        if (t.every === undefined) timers.delete(id);
        else t.at += t.every;
        t.callback();
      }
    },
  };
}

function benchIo(): IoPort {
  const unused = (): never => {
    throw new Error("not used by the bench node");
  };
  return {
    digital: () => ({ read: () => 0, write: () => undefined, close: () => undefined }),
    pwm: () => ({ resolution: 10, write: () => undefined, close: () => undefined }),
    analog: unused,
    i2c: unused,
  };
}

function benchKv(): KvPort {
  const data = new Map<string, Map<string, KvValue>>();
  const ns = (name: string) => data.get(name) ?? data.set(name, new Map()).get(name)!;
  return {
    get: (n, k) => data.get(n)?.get(k),
    set: (n, k, v) => void ns(n).set(k, v),
    delete: (n, k) => void data.get(n)?.delete(k),
    keys: (n) => [...(data.get(n)?.keys() ?? [])],
  };
}

const fanDriver = defineDriver({ device: devices.fan({ speed: 0 }), io: {}, write: () => undefined });

interface BenchNode { runtime: NodeRuntime; schema: ParamsSchema; clock: ReturnType<typeof benchClock>; published: number }

function createBenchNode(): BenchNode {
  const log: LogPort = { log: () => undefined };
  const clock = benchClock();
  const app = node({ name: "Bench node", type: "Multi Device" })
    .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
    .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
    .add(fanDriver, { name: "Fan", io: {} });
  const runtime = createNodeRuntime(app, { io: benchIo(), clock, kv: benchKv(), log });
  runtime.start();
  const schema = createParamsSchema(runtime.describe("bench-node-0001"));
  return { runtime, schema, clock, published: 0 };
}

/** The cloud's n-th write: varying values over several devices and params [spec 2.2]. */
function remoteWrite(i: number): string {
  return JSON.stringify({
    Light: { Power: i % 2 === 0, Brightness: i % 101, Hue: (i * 7) % 361 },
    Switch: { Power: i % 3 === 0 },
    Fan: { Speed: i % 6 },
  });
}

/** The steps the host calls; the node lives in this closure. */
function createSteps() {
  let bench: BenchNode | undefined;
  const others: BenchNode[] = [];
  const current = (): BenchNode => {
    if (!bench) throw new Error("call setup() first");
    return bench;
  };
  const paramCount = (): number =>
    Object.values(current().runtime.fullReport()).reduce((n, device) => n + Object.keys(device).length, 0);
  return {
    /** Builds and starts the node; returns its param count. */
    setup(): number {
      bench = createBenchNode();
      return paramCount();
    },
    paramCount,
    /** Builds and keeps one more identical node (separates per-node cost from one-time engine cost). */
    addNode(): number {
      others.push(createBenchNode());
      return others.length;
    },
    /** n remote writes, each decoded, applied, and its delta report encoded as the agent would publish; returns rejections. */
    writes(n: number): number {
      const b = current();
      let rejected = 0;
      for (let i = 0; i < n; i++) {
        const set = decodeRemoteSet(remoteWrite(i), b.schema);
        rejected += b.runtime.apply(set, "cloud").rejected.length;
        b.clock.advance(1000);
        const delta = b.runtime.takeDelta();
        if (delta && encodeDeltaReport(b.schema, delta) !== null) b.published++;
      }
      return rejected;
    },
    /** One full report [spec 2.1]; returns its length in characters. */
    fullReport(): number {
      const b = current();
      return encodeFullReport(b.schema, b.runtime.fullReport()).length;
    },
  };
}

Object.assign(globalThis, { xsHeapBench: createSteps() });

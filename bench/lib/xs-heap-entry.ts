/**
 * XS side of bench/xs-heap.ts: an example node (Switch, Lightbulb, Fan: 3 devices, 10 params) on
 * minimal in-bench ports that keep no history, so the heap figures are the node's own.
 * Installs `globalThis.xsHeapBench` with the steps the host times and measures.
 */
import { createNodeRuntime, defineDriver, devices, node, params } from "../../firmware/core";
import type { NodeRuntime } from "../../firmware/core";
import { pwmLight } from "../../firmware/drivers/pwm-light/pwm-light";
import { relay } from "../../firmware/drivers/relay/relay";
import type { ClockPort, TimerHandle } from "../../firmware/ports/clock";
import type { DigitalLike, IoPort, PwmLike } from "../../firmware/ports/io";
import type { KvPort, KvValue } from "../../firmware/ports/kv";
import type { LogLevel, LogPort } from "../../firmware/ports/log";
import { standardDevice, standardService } from "../../firmware/protocol/rainmaker/catalog";
import { createParamsSchema, decodeRemoteSet, encodeDeltaReport, encodeFullReport } from "../../firmware/protocol/rainmaker/params";
import type { ParamsSchema } from "../../firmware/protocol/rainmaker/params";

/** One pending timer; the bench clock runs them when the host advances time. */
class BenchTimer {
  constructor(public at: number, public every: number | undefined, public callback: () => void) {}
}

class BenchClock implements ClockPort {
  #now = 0;
  #timers: BenchTimer[] = [];
  now(): number {
    return this.#now;
  }
  monotonic(): number {
    return this.#now;
  }
  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.#add(new BenchTimer(this.#now + ms, undefined, callback));
  }
  setInterval(callback: () => void, ms: number): TimerHandle {
    return this.#add(new BenchTimer(this.#now + ms, ms, callback));
  }
  clear(handle: TimerHandle | undefined): void {
    const i = this.#timers.indexOf(handle as unknown as BenchTimer);
    if (i >= 0) this.#timers.splice(i, 1);
  }
  advance(ms: number): void {
    this.#now += ms;
    for (const t of this.#timers.slice()) {
      if (t.at > this.#now) continue;
      if (t.every === undefined) this.clear(t as unknown as TimerHandle);
      else t.at += t.every;
      t.callback();
    }
  }
  #add(timer: BenchTimer): TimerHandle {
    this.#timers.push(timer);
    return timer as unknown as TimerHandle;
  }
}

class NullPin implements DigitalLike, PwmLike {
  readonly resolution = 10;
  read(): 0 | 1 {
    return 0;
  }
  write(): void {}
  close(): void {}
}

class BenchIo implements IoPort {
  digital(): DigitalLike {
    return new NullPin();
  }
  pwm(): PwmLike {
    return new NullPin();
  }
  analog(): never {
    throw new Error("not used by the bench node");
  }
  i2c(): never {
    throw new Error("not used by the bench node");
  }
}

/** Flash with one namespace's worth of keys (the node uses only `xsr_params`). */
class BenchKv implements KvPort {
  #data = new Map<string, KvValue>();
  get(namespace: string, key: string): KvValue | undefined {
    return this.#data.get(`${namespace}/${key}`);
  }
  set(namespace: string, key: string, value: KvValue): void {
    this.#data.set(`${namespace}/${key}`, value);
  }
  delete(namespace: string, key: string): void {
    this.#data.delete(`${namespace}/${key}`);
  }
  keys(namespace: string): string[] {
    const prefix = `${namespace}/`;
    const out: string[] = [];
    for (const k of this.#data.keys()) if (k.startsWith(prefix)) out.push(k.slice(prefix.length));
    return out;
  }
}

class NullLog implements LogPort {
  log(_level: LogLevel, _tag: string, _message: string): void {}
}

const fanDriver = defineDriver({ device: devices.fan({ speed: 0 }), io: {}, write: () => undefined });

interface BenchNode { runtime: NodeRuntime; schema: ParamsSchema; clock: BenchClock; published: number }

const declareApp = () =>
  node({ name: "Bench node", type: "Multi Device" })
    .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
    .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
    .add(fanDriver, { name: "Fan", io: {} });

/** The node in stages, so the host can measure each one (the parts stay alive in `parts`). */
interface NodeParts { app?: ReturnType<typeof declareApp>; clock?: BenchClock; runtime?: NodeRuntime; schema?: ParamsSchema }

const NodeStages = Object.freeze({
  app(parts: NodeParts): void {
    parts.app = declareApp();
  },
  ports(parts: NodeParts): void {
    parts.clock = new BenchClock();
  },
  runtime(parts: NodeParts): void {
    parts.runtime = createNodeRuntime(parts.app!, { io: new BenchIo(), clock: parts.clock!, kv: new BenchKv(), log: new NullLog() });
  },
  start(parts: NodeParts): void {
    parts.runtime!.start();
  },
  schema(parts: NodeParts): void {
    parts.schema = parts.runtime!.paramsSchema();
  },
});

function createBenchNode(): BenchNode {
  const parts: NodeParts = {};
  for (const stage of Object.values(NodeStages)) stage(parts);
  return { runtime: parts.runtime!, schema: parts.schema!, clock: parts.clock!, published: 0 };
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
  const second: NodeParts = {};
  let held: unknown[] = [];
  const current = (): BenchNode => {
    if (!bench) throw new Error("call setup() first");
    return bench;
  };
  const paramCount = (): number =>
    Object.values(current().runtime.fullReport()).reduce((n, device) => n + Object.keys(device).length, 0);
  return {
    /**
     * What every build has before any node exists: the catalog and model helpers used once, so
     * lazily created engine state (keys, shapes) is part of the baseline; the results are dropped.
     */
    touch(): number {
      const made = [standardService("system"), standardService("time"), standardDevice("lightbulb", "x"), devices.switch(), devices.lightbulb({ brightness: 1 }), params.name("x")];
      return made.length;
    },
    /** Builds and starts the node; returns its param count. */
    setup(): number {
      bench = createBenchNode();
      return paramCount();
    },
    paramCount,
    /** Runs one stage of building one more identical node, kept alive (per-node cost without one-time engine costs). */
    addNodeStage(stage: keyof typeof NodeStages): void {
      NodeStages[stage](second);
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
    /** One full report [spec 2.1] written straight from the runtime; with `hold`, keeps the text alive; returns its length. */
    fullReport(hold: boolean): number {
      const text = current().runtime.fullReportText();
      if (hold) held = [text];
      return text.length;
    },
    /** The same report through a params document and `encodeFullReport`, keeping both with `hold`. */
    fullReportViaDocument(hold: boolean): number {
      const b = current();
      const doc = b.runtime.fullReport();
      const text = encodeFullReport(b.schema, doc);
      if (hold) held = [doc, text];
      return text.length;
    },
    /** Keeps a params schema built from a fresh node description (the other way to get one); returns its device count. */
    describedSchema(): number {
      const schema = createParamsSchema(current().runtime.describe("bench-node-0001"));
      held = [schema];
      return schema.devices.length;
    },
    release(): void {
      held = [];
    },
  };
}

Object.assign(globalThis, { xsHeapBench: createSteps() });

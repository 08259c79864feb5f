/**
 * Request/reply over a forked child's IPC channel for the multi-process benches: the parent sends
 * `{ op, id, ...args }`, the child answers `{ op: "reply", id, value }` (or `error`).
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";

interface Request { op: string; id: number; [key: string]: unknown }
interface Reply { op: "reply" | "ready"; id?: number; value?: unknown; error?: string }

export type Handlers = Record<string, (args: Record<string, unknown>) => Promise<unknown> | unknown>;

/** Child side: answers requests with `handlers`, then tells the parent it is ready with `readyValue`. */
export function serveRequests(handlers: Handlers, readyValue: unknown): void {
  // a killed child still writes its CPU profile when one was asked for
  if (process.env.BENCH_CPU_PROF_DIR) process.once("SIGTERM", () => process.exit(0));
  process.on("message", (msg: Request) => {
    const handler = handlers[msg.op];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown op ${msg.op}`);
        return handler(msg);
      })
      .then(
        (value) => process.send!({ op: "reply", id: msg.id, value }),
        (error: unknown) => process.send!({ op: "reply", id: msg.id, error: String(error) }),
      );
  });
  process.send!({ op: "ready", value: readyValue });
}

export interface BenchChild {
  child: ChildProcess;
  ready: unknown;
  request<T>(op: string, args?: Record<string, unknown>): Promise<T>;
  kill(): void;
}

/**
 * Forks a TypeScript entry under tsx (with `--expose-gc`) and resolves once it reports ready.
 * `execArgv` replaces the tsx loader (e.g. `["--expose-gc"]` for an already bundled `.mjs` entry).
 */
export function forkBenchChild(entry: string, args: string[], execArgv: string[] = ["--import", "tsx", "--expose-gc"]): Promise<BenchChild> {
  // BENCH_CPU_PROF_DIR=dir: every bench child writes a V8 CPU profile there (node refuses --cpu-prof in NODE_OPTIONS)
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const child = fork(entry, args, { execArgv: profileDir ? [...execArgv, "--cpu-prof", `--cpu-prof-dir=${profileDir}`] : execArgv, stdio: "inherit" });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on("message", (msg: Reply) => {
    if (msg.op !== "reply" || msg.id === undefined) return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.reject(new Error(msg.error));
    else p?.resolve(msg.value);
  });
  child.once("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`${entry} exited with ${code}`));
    pending.clear();
  });
  const handle: Omit<BenchChild, "ready"> = {
    child,
    request<T>(op: string, reqArgs: Record<string, unknown> = {}) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...reqArgs, op, id });
      });
    },
    kill: () => void child.kill(),
  };
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code} before ready`)));
    child.on("message", (msg: Reply) => {
      if (msg.op === "ready") resolve({ ...handle, ready: msg.value });
    });
  });
}

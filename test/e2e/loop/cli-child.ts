/** The CLI as a user runs it: `xs-rainmaker <args>` in a child process, with bounded time. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

export interface CliRun {
  code: number | null;
  out: string;
  error?: unknown;
}

const cliArgs = (args: readonly string[]): string[] => ["--import", "tsx", "scripts/cli/main.ts", ...args];

/** A port that was free a moment ago (`start` needs the same ports on every run to resume). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the CLI to its end (killed after `timeoutMs`); stdout and stderr together in `out`. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(args), { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Runs the CLI until `ready` shows in its output, lets `whileRunning` act, then stops it with Ctrl-C (SIGINT). */
export function runCliUntil(args: readonly string[], ready: RegExp, whileRunning: (out: () => string) => Promise<void>, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(args), { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
    let out = "";
    let error: unknown;
    let acting = false;
    const onData = (c: Buffer): void => {
      out += c.toString();
      if (acting || !ready.test(out)) return;
      acting = true;
      whileRunning(() => out).catch((e: unknown) => (error = e)).finally(() => child.kill("SIGINT"));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out, error });
    });
  });
}

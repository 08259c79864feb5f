/**
 * `npm run bench`: runs every bench/*.ts (except this file; bench/lib holds helpers) as its own
 * child process with a time limit, echoes its output, then prints a summary table of the
 * `figure:` lines (bench/lib/figures.ts). Timing never fails a run; a crash or a timeout does.
 * Env: XSR_BENCH_TIMEOUT_MS (per bench, default 120000). Args: bench names to run (default all).
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { parseFigures } from "./lib/figures";
import type { Figure } from "./lib/figures";

const BENCH_DIR = import.meta.dirname;
const LIMIT_MS = Number(process.env.XSR_BENCH_TIMEOUT_MS ?? 120_000);

interface BenchResult { name: string; status: string; seconds: number; figures: Figure[] }

function listBenches(only: string[]): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== basename(import.meta.filename))
    .filter((f) => only.length === 0 || only.includes(f) || only.includes(f.replace(/\.ts$/, "")))
    .sort();
}

function runBench(file: string): Promise<BenchResult> {
  const name = file.replace(/\.ts$/, "");
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(BENCH_DIR, file)], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, LIMIT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const status = timedOut ? `timeout (${LIMIT_MS} ms)` : code === 0 ? "ok" : `failed (${signal ?? `exit ${code}`})`;
      resolve({ name, status, seconds: (Date.now() - started) / 1000, figures: parseFigures(output) });
    });
  });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

async function main(): Promise<void> {
  const benches = listBenches(process.argv.slice(2));
  const results: BenchResult[] = [];
  for (const file of benches) {
    process.stdout.write(`\n=== bench ${file}\n`);
    results.push(await runBench(file));
  }
  const rows = [["bench", "status", "time", "figure", "value", "target"]];
  for (const r of results) {
    const head = [r.name, r.status, `${r.seconds.toFixed(1)} s`];
    if (r.figures.length === 0) rows.push([...head, "-", "-", "-"]);
    r.figures.forEach((f, i) => {
      const cells = i === 0 ? head : ["", "", ""];
      const value = `${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit}`;
      const target = f.target === undefined ? "-" : `<= ${f.target} ${f.unit}${f.value <= f.target ? "" : " (over)"}`;
      rows.push([...cells, f.label, value, target]);
    });
  }
  process.stdout.write(`\n=== summary (${results.length} benches)\n${table(rows)}\n`);
  process.exitCode = results.every((r) => r.status === "ok") ? 0 : 1;
}

await main();

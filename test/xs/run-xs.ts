/**
 * `npm run test:xs`: the firmware test subset on the real XS engine (@agoric/xsnap, XS 13).
 * Collects test/{protocol,core,crypto}/**\/*.test.ts and test/xs/self-test/**\/*.test.ts, bundles
 * each with esbuild (see bundle-test.ts), runs it in its own xsnap worker and prints every result
 * plus the XS heap after the file. Files that need Node are listed as skipped, not failed.
 * Writes {"passed","failed"} to $XSR_STATS_FILE when set. Optional args: test files to run.
 * Env: XSR_XS_FILE_TIMEOUT_MS (per-file wall-clock limit, default 60000).
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { bundleTest } from "./bundle-test";
import { runBundle } from "./run-bundle";
import type { HeapFigures } from "../helpers/xs-host";
import type { FileRun } from "./run-bundle";
import type { TestEvent } from "./shims/mocha";

const ROOT = resolve(import.meta.dirname, "..", "..");
const TEST_DIRS = Object.freeze(["test/protocol", "test/core", "test/crypto", "test/drivers", "test/host-sim/xs", "test/xs/self-test"]);
const FILE_LIMIT_MS = Number(process.env.XSR_XS_FILE_TIMEOUT_MS ?? 60_000);

function collect(): string[] {
  const files: string[] = [];
  for (const dir of TEST_DIRS) {
    const abs = join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs, { recursive: true, encoding: "utf8" })) {
      if (entry.endsWith(".test.ts")) files.push(join(abs, entry));
    }
  }
  return files.sort();
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const indent = (text: string, pad: string): string => text.split("\n").map((l) => pad + l).join("\n");

function printEvent(event: TestEvent): void {
  const mark = event.kind === "pass" ? "ok  " : event.kind === "fail" ? "FAIL" : "skip";
  process.stdout.write(`    ${mark} ${event.path.join(" > ")}${event.kind === "skip" ? "" : ` (${Math.round(event.ms)} ms)`}\n`);
  if (event.error) process.stdout.write(`${indent(event.error.split("\n").slice(0, 8).join("\n"), "         ")}\n`);
}

function printHeap(run: FileRun): void {
  if (!run.heap || !run.meter) return;
  const h = run.heap;
  process.stdout.write(`    XS heap after GC: ${h.slots} slots + ${kb(h.chunkBytes)} chunks = ${kb(h.hostBytes)} on this 64-bit host ` +
    `(~${kb(h.esp32Bytes)} with ESP32 16-byte slots); reserved ${kb(run.meter.allocate)}; ${run.ms} ms\n`);
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).map((f) => resolve(f));
  const files = requested.length ? requested : collect();
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const skippedFiles: string[] = [];
  const failedFiles: string[] = [];
  let largest: { name: string; heap: HeapFigures } | undefined;
  process.stdout.write(`XS test subset on @agoric/xsnap (XS 13): ${files.length} files, limit ${FILE_LIMIT_MS} ms per file\n`);
  for (const file of files) {
    const name = relative(ROOT, file);
    const bundle = await bundleTest(ROOT, file);
    if (bundle.kind === "skip") {
      skippedFiles.push(`${name}: skipped on XS (${bundle.reason})`);
      continue;
    }
    process.stdout.write(`\n  ${name}\n`);
    if (bundle.kind === "error") {
      process.stdout.write(`${indent(bundle.message, "    FAIL ")}\n`);
      totals.failed++;
      failedFiles.push(name);
      continue;
    }
    const run = await runBundle(bundle.code, FILE_LIMIT_MS, printEvent, (line) => process.stdout.write(`    [xs] ${line}\n`));
    for (const e of run.events) totals[e.kind === "pass" ? "passed" : e.kind === "fail" ? "failed" : "skipped"]++;
    for (const error of run.fileErrors) process.stdout.write(`${indent(error, "    FAIL ")}\n`);
    totals.failed += run.fileErrors.length;
    if (run.fileErrors.length || run.events.some((e) => e.kind === "fail")) failedFiles.push(name);
    if (!run.events.length && !run.fileErrors.length) process.stdout.write("    (no tests)\n");
    printHeap(run);
    if (run.heap && (!largest || run.heap.hostBytes > largest.heap.hostBytes)) largest = { name, heap: run.heap };
  }
  if (skippedFiles.length) process.stdout.write(`\nNode-only files, skipped on XS (${skippedFiles.length}):\n${skippedFiles.map((s) => `  ${s}`).join("\n")}\n`);
  if (failedFiles.length) process.stdout.write(`\nFiles with failures on XS:\n${failedFiles.map((s) => `  ${s}`).join("\n")}\n`);
  if (largest) {
    process.stdout.write(`\nLargest live XS heap after a file: ${kb(largest.heap.hostBytes)} host / ~${kb(largest.heap.esp32Bytes)} ESP32-equivalent (${largest.name}; test data included)\n`);
  }
  process.stdout.write(`\nXS: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped tests; ` +
    `${files.length - skippedFiles.length} files run, ${skippedFiles.length} skipped\n`);
  if (process.env.XSR_STATS_FILE) writeFileSync(process.env.XSR_STATS_FILE, JSON.stringify({ passed: totals.passed, failed: totals.failed }));
  process.exitCode = totals.failed === 0 ? 0 : 1;
}

await main();

/**
 * XS heap of an example node (3 devices, 10 params) on the real XS engine (xsnap, XS 13):
 * retained after 1,000 remote writes and a GC (target <= 16 KB), and the peak while a full report
 * is built (target <= 32 KB). Figures are ESP32 estimates: live chunks + live slots at 16 bytes.
 *
 * On a board, mcconfig preloads modules into flash: function bytecode and module-level frozen
 * tables cost no RAM there, but in xsnap everything loaded is in the heap. So the baseline is taken
 * after every module is loaded and the catalog touched, before any node exists; the node's own heap
 * is the total minus that baseline. Everything the node builds at run time (objects, closures,
 * strings, Maps, the params schema the agent decodes with, the bench ports) stays in its figure.
 */
import { resolve } from "node:path";
import { printFigure } from "./lib/figures";
import { loadOnXs } from "./lib/xs-run";
import type { HeapFigures } from "./lib/xs-run";
import { ESP32_SLOT_BYTES } from "../test/helpers/xs-host";

const WRITES = 1000;
const kb = (bytes: number): number => Math.round((bytes / 1024) * 100) / 100;
const over = (a: HeapFigures, b: HeapFigures) => ({ slots: a.slots - b.slots, chunks: a.chunkBytes - b.chunkBytes, esp32: a.esp32Bytes - b.esp32Bytes });
const out = (line: string): void => void process.stdout.write(`${line}\n`);

const bench = await loadOnXs(resolve(import.meta.dirname, "lib/xs-heap-entry.ts"));
try {
  const loaded = await bench.heap();
  await bench.run("xsHeapBench.touch()");
  const baseline = await bench.heap();
  const setup = await bench.run("xsHeapBench.setup()");
  const started = await bench.heap();
  const writes = await bench.run(`xsHeapBench.writes(${WRITES})`);
  const afterWrites = await bench.heap();

  /** Runs one report step, holding its results for a snapshot, then releases them. */
  const measureReport = async (step: string) => {
    const slotsBefore = await bench.liveSlots();
    const run = await bench.run(`xsHeapBench.${step}(true)`);
    const allocatedSlots = run.meter.currentHeapCount - slotsBefore;
    const held = over(await bench.heap(), afterWrites);
    await bench.run("xsHeapBench.release()");
    const chars = Number(run.value);
    // Upper bound: what the report path holds at its end (measured), plus every slot it allocated and
    // dropped (as if no GC ran), plus one more copy of the text (the last concatenation has both alive).
    const garbageSlots = Math.max(0, allocatedSlots - held.slots);
    return { run, chars, allocatedSlots, held, extra: held.esp32 + garbageSlots * ESP32_SLOT_BYTES + chars };
  };
  await measureReport("fullReport");
  const report = await measureReport("fullReport");
  const viaDocument = await measureReport("fullReportViaDocument");
  await bench.run("xsHeapBench.describedSchema()");
  const describedSchema = over(await bench.heap(), afterWrites);
  await bench.run("xsHeapBench.release()");

  const beforeSecond = await bench.heap();
  const stages: string[] = [];
  let mark = beforeSecond;
  for (const stage of ["app", "ports", "runtime", "start", "schema"]) {
    await bench.run(`xsHeapBench.addNodeStage(${JSON.stringify(stage)})`);
    const now = await bench.heap();
    stages.push(`${stage} ${kb(now.esp32Bytes - mark.esp32Bytes)} KB`);
    mark = now;
  }
  const second = over(mark, beforeSecond);

  const node = over(started, baseline);
  const retained = over(afterWrites, baseline);
  const growth = over(afterWrites, started);
  const peakBytes = retained.esp32 + report.extra;

  out(`example node: ${String(setup.value)} params in 3 devices; setup ${setup.ms.toFixed(1)} ms on XS`);
  out(`raw total after ${WRITES} writes + GC: ${afterWrites.slots} slots, ${kb(afterWrites.chunkBytes)} KB chunks = ${kb(afterWrites.esp32Bytes)} KB (ESP32 est.)`);
  out(`baseline (engine + all modules loaded + catalog touched, no node): ${baseline.slots} slots, ${kb(baseline.chunkBytes)} KB chunks = ${kb(baseline.esp32Bytes)} KB ` +
    `(modules alone: ${kb(loaded.esp32Bytes)} KB; on a board preloaded bytecode and frozen tables sit in flash, so only the node's own heap below is RAM)`);
  out(`node's own heap after start: ${node.slots} slots, ${kb(node.chunks)} KB chunks`);
  out(`${WRITES} remote writes (decode, apply, delta report): ${writes.ms.toFixed(1)} ms on XS, ${String(writes.value)} rejected; ` +
    `change since start ${growth.slots} slots, ${kb(growth.chunks)} KB chunks`);
  for (const [label, r] of [["full report (runtime.fullReportText)", report], ["same report via fullReport() + encodeFullReport", viaDocument]] as const) {
    out(`${label}: ${r.chars} chars in ${r.run.ms.toFixed(2)} ms; holds ${r.held.slots} slots + ${kb(r.held.chunks)} KB chunks at its end; ` +
      `${r.allocatedSlots} slots allocated in all (no GC in between); peak over retained ${kb(r.extra)} KB`);
  }
  out(`params schema: the node's shared one is in the figures above; one built from describe() would add ${kb(describedSchema.esp32)} KB`);
  out(`one more identical node: ${second.slots} slots, ${kb(second.chunks)} KB chunks; by stage (ESP32 est.): ${stages.join(", ")} ` +
    "(app: the node declaration; ports: bench clock; runtime: devices, params, drivers and bench io/kv/log; start: IO opened, initial driver writes; schema: runtime.paramsSchema())");
  out("peak = node's own retained + what the report holds at its end + every other slot it allocated + one more copy of the text");
  printFigure({ label: "xs raw total heap after 1000 writes + GC (ESP32 est.)", value: kb(afterWrites.esp32Bytes), unit: "KB" });
  printFigure({ label: "xs baseline: engine + modules, no node (ESP32 est.)", value: kb(baseline.esp32Bytes), unit: "KB" });
  printFigure({ label: "xs node own heap retained after 1000 writes + GC (ESP32 est.)", value: kb(retained.esp32), unit: "KB", target: 16 });
  printFigure({ label: "xs node own growth over 1000 writes (ESP32 est.)", value: kb(growth.esp32), unit: "KB" });
  printFigure({ label: "xs node own peak during full report (ESP32 est.)", value: kb(peakBytes), unit: "KB", target: 32 });
  printFigure({ label: "xs each further identical node (ESP32 est.)", value: kb(second.esp32), unit: "KB" });
  printFigure({ label: "xs remote write time (host CPU)", value: writes.ms / WRITES, unit: "ms" });
  printFigure({ label: "xs full report time (host CPU)", value: report.run.ms, unit: "ms" });
} finally {
  await bench.close();
}

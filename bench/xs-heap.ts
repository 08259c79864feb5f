/**
 * XS heap of an example node (3 devices, ~10 params) on the real XS engine (xsnap, XS 13):
 * retained after 1,000 remote writes and a GC (target <= 16 KB), and the peak while a full report
 * is built (target <= 32 KB). Figures are ESP32-equivalent: live chunks + live slots at 16 bytes.
 * The engine's own heap and the bench code are measured first and subtracted.
 */
import { resolve } from "node:path";
import { printFigure } from "./lib/figures";
import { loadOnXs } from "./lib/xs-run";
import type { HeapFigures } from "./lib/xs-run";
import { ESP32_SLOT_BYTES } from "../test/helpers/xs-host";

const WRITES = 1000;
const kb = (bytes: number): number => Math.round((bytes / 1024) * 100) / 100;
const over = (a: HeapFigures, b: HeapFigures) => ({ slots: a.slots - b.slots, chunks: a.chunkBytes - b.chunkBytes, esp32: a.esp32Bytes - b.esp32Bytes });

const bench = await loadOnXs(resolve(import.meta.dirname, "lib/xs-heap-entry.ts"));
try {
  const empty = await bench.heap();
  const setup = await bench.run("xsHeapBench.setup()");
  const started = await bench.heap();
  const writes = await bench.run(`xsHeapBench.writes(${WRITES})`);
  const afterWrites = await bench.heap();
  const slotsBefore = await bench.liveSlots();
  const report = await bench.run("xsHeapBench.fullReport()");
  const transientSlots = report.meter.currentHeapCount - slotsBefore;
  const reportChars = Number(report.value);
  const beforeSecond = await bench.heap();
  await bench.run("xsHeapBench.addNode()");
  const second = over(await bench.heap(), beforeSecond);

  const node = over(started, empty);
  const retained = over(afterWrites, empty);
  const growth = over(afterWrites, started);
  const peakBytes = retained.esp32 + transientSlots * ESP32_SLOT_BYTES + reportChars;

  process.stdout.write(`example node: ${String(setup.value)} params in 3 devices; setup ${setup.ms.toFixed(1)} ms on XS\n`);
  process.stdout.write(`engine + bench code baseline: ${empty.slots} slots, ${kb(empty.chunkBytes)} KB chunks (excluded below)\n`);
  process.stdout.write(`node after start: +${node.slots} slots, +${kb(node.chunks)} KB chunks\n`);
  process.stdout.write(`${WRITES} remote writes (decode, apply, delta report): ${writes.ms.toFixed(1)} ms on XS, ${writes.value} rejected; ` +
    `change since start +${growth.slots} slots, +${kb(growth.chunks)} KB chunks\n`);
  process.stdout.write(`full report: ${reportChars} chars in ${report.ms.toFixed(2)} ms; ${transientSlots} slots allocated while building it (no GC in between)\n`);
  process.stdout.write(`one more identical node: +${second.slots} slots, +${kb(second.chunks)} KB chunks (the first node also pays one-time costs)\n`);
  process.stdout.write("peak = retained node + every slot allocated during the report + the report string (its intermediate strings are not visible to xsnap)\n");
  printFigure({ label: "xs node retained after 1000 writes + GC (ESP32 est.)", value: kb(retained.esp32), unit: "KB", target: 16 });
  printFigure({ label: "xs node growth over 1000 writes (ESP32 est.)", value: kb(growth.esp32), unit: "KB" });
  printFigure({ label: "xs peak during full report (ESP32 est.)", value: kb(peakBytes), unit: "KB", target: 32 });
  printFigure({ label: "xs each further identical node (ESP32 est.)", value: kb(second.esp32), unit: "KB" });
  printFigure({ label: "xs remote write time (host CPU)", value: writes.ms / WRITES, unit: "ms" });
  printFigure({ label: "xs full report time (host CPU)", value: report.ms, unit: "ms" });
} finally {
  await bench.close();
}

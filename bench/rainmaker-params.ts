/**
 * Encode + decode of a 5-param delta message on Node: encodeDeltaReport then decodeRemoteSet
 * against a prebuilt schema of the desk node (Light with Name/Power/Brightness/Hue/Saturation).
 * Prints median and p99 wall time per round trip (batches of 500), and the median CPU time, which
 * is less disturbed by other processes on a shared machine. Target: median <= 2 us.
 */
import { standardDevice, standardParam, standardService } from "../firmware/protocol/rainmaker/catalog";
import type { NodeDescription, ParamsDocument } from "../firmware/protocol/rainmaker/description";
import { createParamsSchema, decodeRemoteSet, encodeDeltaReport } from "../firmware/protocol/rainmaker/params";
import { availableParallelism, loadavg } from "node:os";
import { printFigure } from "./lib/figures";

const light = standardDevice("lightbulb", "Light");
light.params.push(standardParam("brightness"), standardParam("hue"), standardParam("saturation"));
const node: NodeDescription = {
  nodeId: "T7x9Qm2LkPzR4vW8nB3cYd",
  info: { name: "Desk Node", fwVersion: "1.0.0", type: "Multi Device", model: "xs_rmaker", projectName: "xs_rmaker", platform: "esp32" },
  devices: [light, standardDevice("switch", "Switch"), standardDevice("temperatureSensor", "Temperature Sensor")],
  services: [standardService("time"), standardService("schedule"), standardService("scenes"), standardService("system"), standardService("localControl")],
};
const schema = createParamsSchema(node);
const changed: ParamsDocument = { Light: { Name: "Desk lamp", Power: true, Brightness: 60, Hue: 120, Saturation: 80 } };

function roundTrip(): number {
  const text = encodeDeltaReport(schema, changed)!;
  const r = decodeRemoteSet(text, schema);
  return text.length + r.rejected.length;
}

const BATCH = 500;
const MAX_SAMPLES = 2000;
let sink = 0;
for (let i = 0; i < 20000; i++) sink += roundTrip();
const wallNs: number[] = [];
const cpuNs: number[] = [];
const deadline = performance.now() + 7000;
while (wallNs.length < MAX_SAMPLES && performance.now() < deadline) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) sink += roundTrip();
  wallNs.push(Number(process.hrtime.bigint() - t0) / BATCH);
  const c = process.cpuUsage(c0);
  cpuNs.push(((c.user + c.system) * 1000) / BATCH);
}
const pick = (xs: number[], q: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
process.stdout.write(`message: ${encodeDeltaReport(schema, changed)}\n`);
process.stdout.write(`${wallNs.length} samples of ${BATCH} round trips; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores (sink ${sink % 10})\n`);
printFigure({ label: "params 5-param delta encode+decode median", value: pick(wallNs, 0.5) / 1000, unit: "us", target: 2 });
printFigure({ label: "params 5-param delta encode+decode p99", value: pick(wallNs, 0.99) / 1000, unit: "us" });
printFigure({ label: "params 5-param delta encode+decode median CPU time", value: pick(cpuNs, 0.5) / 1000, unit: "us", target: 2 });

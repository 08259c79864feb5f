/**
 * Device side of the provisioning handshakes on the real XS engine (xsnap, XS 13): sec1 and sec2
 * time (median, measured inside XS) next to the same runners on Node, and the XS heap of a sec2
 * handshake: baseline after loading, the device's own heap retained after a handshake + GC, and its
 * peak during the handshake (target <= 24 KB). Heap figures are ESP32 estimates (live chunks + live
 * slots at 16 bytes), measured like bench/xs-heap.ts.
 *
 * Crypto primitives run on the host through the test bridge (on the board they are Moddable's
 * native modules); the bridge's round trips are reported and its garbage is left out of the peak.
 * The phone side (Sec2Client) runs in the same XS heap, so the sec2 handshake is cut into steps
 * (client / device / client / device / client) and only the device steps count as the device's.
 */
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { printFigure } from "./lib/figures";
import { MODPOW_WINDOW_BITS } from "../firmware/crypto/modpow";
import { loadOnXs } from "./lib/xs-run";
import type { HeapFigures, MeterUsage } from "./lib/xs-run";
import { ESP32_SLOT_BYTES } from "../test/helpers/xs-host";
import { createCryptoHost } from "../test/helpers/xs-crypto-host";
import { getTestCrypto } from "../test/helpers/crypto-port";
import { runSec1Handshake, runSec2Handshake } from "../test/protocol/protocomm/helpers/handshake-runner";

const SEC1_RUNS = 9;
const SEC2_RUNS = 7;
const TARGET_KB = 24;
/**
 * 3072-bit-sized bigints alive in srpServerSession during a modPow step `(r * r) % N`: modPow's
 * window table (2^MODPOW_WINDOW_BITS entries), reduced base and result; the double-size product; XS 13 fxBigInt_udiv's
 * temporaries (quotient, remainder, normalised divisor, normalised dividend x2, shifted divisor x2,
 * scratch x2); srpServerSession's A, v, B (+ k, u, b: about one more).
 */
const MODPOW_LIVE_BIGINTS = Object.freeze({ table: 1 << MODPOW_WINDOW_BITS, base: 1, result: 1, product: 2, division: 9, srpLocals: 4 });

const kb = (bytes: number): number => Math.round((bytes / 1024) * 100) / 100;
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const esp32 = (a: HeapFigures, b: HeapFigures): number => a.esp32Bytes - b.esp32Bytes;

/** Host milliseconds spent inside bridged crypto calls of one crank (xsnap meter timestamps: start, [sent, answered]*, end). */
function bridgeMs(meter: MeterUsage): number {
  const ts = (meter as MeterUsage & { timestamps?: number[] }).timestamps ?? [];
  let seconds = 0;
  for (let i = 1; i + 1 < ts.length - 1; i += 2) seconds += ts[i + 1]! - ts[i]!;
  return seconds * 1000;
}

function nodeMedians(): { sec1: number; sec2: number } {
  const crypto = getTestCrypto();
  const now = (): number => performance.now();
  const times = (run: () => { deviceMs: number }, n: number): number[] => {
    run();
    return Array.from({ length: n }, () => run().deviceMs);
  };
  return { sec1: median(times(() => runSec1Handshake(crypto, now), SEC1_RUNS)), sec2: median(times(() => runSec2Handshake(crypto, now), SEC2_RUNS)) };
}

const cryptoHost = createCryptoHost();
const bench = await loadOnXs(resolve(import.meta.dirname, "lib/protocomm-xs-entry.ts"), undefined, (message) => {
  const m = message as { t?: string; op?: string; args?: never[] };
  return m.t === "crypto" ? cryptoHost(String(m.op), m.args ?? []) : { ok: false, error: `unknown host message ${String(m.t)}` };
});
const call = async (step: string): Promise<number> => Number((await bench.run(`protocommXsBench.${step}`)).value);

try {
  const loaded = await bench.heap();
  await call("sec1()");
  await call("sec2()");
  const baseline = await bench.heap();

  const sec1Xs: number[] = [];
  for (let i = 0; i < SEC1_RUNS; i++) sec1Xs.push(await call("sec1()"));
  const sec2Xs: number[] = [];
  for (let i = 0; i < SEC2_RUNS; i++) sec2Xs.push(await call("sec2()"));
  const node = nodeMedians();

  // The stepped handshake with real crypto: device time per step and the host bridge's share of it.
  const timedStep = async (step: string) => {
    const run = await bench.run(`protocommXsBench.timed.${step}()`);
    return { ms: run.ms, bridge: bridgeMs(run.meter), calls: Number(run.value) };
  };
  await call("timed.makeDevice()");
  await call("timed.clientCommand0()");
  const timed0 = await timedStep("deviceCommand0");
  await call("timed.clientCommand1()");
  const timed1 = await timedStep("deviceCommand1");
  const timedOk = (await bench.run("protocommXsBench.timed.clientFinish()")).value === true;
  await call("timed.dropDevice()");

  // Where sec2's device time goes: firmware modPow and bigint<->bytes conversions.
  const modPow256 = median([await call("modPow(256)"), await call("modPow(256)"), await call("modPow(256)")]);
  const modPow512 = median([await call("modPow(512)"), await call("modPow(512)"), await call("modPow(512)")]);
  const toBytesMs = await call("toBytes(5)");
  const fromBytesMs = await call("fromBytes(5)");
  const slotsOf = async (step: string): Promise<number> => {
    const before = await bench.liveSlots();
    const run = await bench.run(`protocommXsBench.${step}`);
    return run.meter.currentHeapCount - before;
  };
  const toBytesSlots = await slotsOf("toBytes(1)");
  const fromBytesSlots = await slotsOf("fromBytes(1)");
  const bridgeSmall = (await slotsOf("bridgeCalls(20, 64)")) / 20;
  const bridgeLarge = (await slotsOf("bridgeCalls(20, 768)")) / 20;
  await call("release()");

  // One 3072-bit bigint kept alive in an array (chunk + slot), for the modPow working set.
  const beforeBig = await bench.heap();
  await call("holdBigInts(32)");
  const bigintBytes = esp32(await bench.heap(), beforeBig) / 32;
  await call("release()");

  // The SRP math alone (same kind of inputs as Command0): what its session object keeps, slots it allocates.
  await call("prepareSrp()");
  // One session first: the math keeps the group constants (k, H(N) xor H(g)) from then on.
  await call("srpSession()");
  await call("release()");
  const beforeSrp = await bench.heap();
  const srpRun = await bench.run("protocommXsBench.srpSession()");
  const srpHeld = esp32(await bench.heap(), beforeSrp);
  const srpAllocated = srpRun.meter.currentHeapCount - beforeSrp.slots;
  await call("release()");
  const beforeEmpty = await bench.heap();
  await call("emptySec2Session()");
  const emptySession = esp32(await bench.heap(), beforeEmpty);
  await call("release()");

  // The stepped handshake with the stand-in crypto; each device step is measured like bench/xs-heap.ts measures a report.
  const start = await bench.heap();
  await call("heap.makeDevice()");
  const deviceSetup = esp32(await bench.heap(), start);
  const deviceStep = async (step: string) => {
    const before = await bench.heap();
    const run = await bench.run(`protocommXsBench.heap.${step}()`);
    const allocatedSlots = run.meter.currentHeapCount - before.slots;
    const after = await bench.heap();
    return { allocatedSlots, held: esp32(after, before), garbageSlots: Math.max(0, allocatedSlots - (after.slots - before.slots)) };
  };
  const command0Bytes = await call("heap.clientCommand0()");
  const step0 = await deviceStep("deviceCommand0");
  await call("heap.clientCommand1()");
  const step1 = await deviceStep("deviceCommand1");
  const heapOk = (await bench.run("protocommXsBench.heap.clientFinish()")).value === true;
  const established = await bench.heap();
  await call("heap.dropDevice()");
  const dropped = await bench.heap();

  // The snapshot sees neither modPow's table nor its temporaries (chunks, garbage by the step's end).
  const modpowWorkingSet = Object.values(MODPOW_LIVE_BIGINTS).reduce((a, b) => a + b, 0) * bigintBytes;
  const own0 = deviceSetup + step0.held;
  const own1 = own0 + step1.held;
  // xs-heap method: what the device holds at the step's end + every slot it allocated and dropped (no GC) + modPow's live chunks.
  const noGcPeak = Math.max(own0 + step0.garbageSlots * ESP32_SLOT_BYTES + modpowWorkingSet, own1 + step1.garbageSlots * ESP32_SLOT_BYTES);
  // During the modPows the SRP session's results do not exist yet: swap them for the working set.
  const livePeak = Math.max(own0, own0 - srpHeld + modpowWorkingSet, own1);
  const retained = esp32(established, start);
  const deviceMsXs = timed0.ms + timed1.ms;
  const bridgeDeviceMs = timed0.bridge + timed1.bridge;

  out(`XS (xsnap) vs Node ${process.version}; timings use real crypto, bridged to the host on XS (native C on the board)`);
  out(`sec1 device-side on XS: ${sec1Xs.map((t) => t.toFixed(1)).join(", ")} ms; Node median ${node.sec1.toFixed(2)} ms`);
  out(`sec2 device-side on XS: ${sec2Xs.map((t) => t.toFixed(1)).join(", ")} ms; Node median ${node.sec2.toFixed(2)} ms`);
  out(`sec2 device steps on XS: Command0 ${timed0.ms.toFixed(1)} ms (${timed0.calls} crypto calls, ${timed0.bridge.toFixed(1)} ms in the host bridge), ` +
    `Command1 ${timed1.ms.toFixed(1)} ms (${timed1.calls} calls, ${timed1.bridge.toFixed(1)} ms bridge); handshake ok: ${String(timedOk)}`);
  out(`firmware pieces on XS: modPow 3072-bit, 256-bit exponent ${modPow256.toFixed(1)} ms (x2 per handshake: g^b, (A*v^u)^b), ` +
    `512-bit exponent ${modPow512.toFixed(1)} ms (x1: v^u); bigIntToBytes(384 B) ${toBytesMs.toFixed(2)} ms, ${toBytesSlots} slots; ` +
    `bytesToBigInt(384 B) ${fromBytesMs.toFixed(2)} ms, ${fromBytesSlots} slots`);
  out(`host bridge garbage: ${bridgeSmall.toFixed(0)} slots per SHA-512 call of 64 B, ${bridgeLarge.toFixed(0)} of 768 B; ` +
    `so heap figures use a stand-in crypto that allocates only its outputs (handshake ok: ${String(heapOk)})`);
  out(`heap (ESP32 est.): modules loaded ${kb(loaded.esp32Bytes)} KB; baseline after warm-up handshakes + GC ${kb(baseline.esp32Bytes)} KB ` +
    "(on a board preloaded bytecode and frozen tables sit in flash)");
  out(`device setup (protocomm + sec2, verifier derived from the PoP): ${kb(deviceSetup)} KB; Command0 (${command0Bytes} B in) holds +${kb(step0.held)} KB ` +
    `at its end, allocated ${step0.allocatedSlots} slots (${step0.garbageSlots} dropped); Command1 +${kb(step1.held)} KB, ${step1.allocatedSlots} slots (${step1.garbageSlots} dropped)`);
  out(`SRP math alone (srpServerSession): ${Number(srpRun.value).toFixed(1)} ms; its session object keeps ${kb(srpHeld)} KB ` +
    `(B, K, M, H(AMK) and the debug copies k, u, S); ${srpAllocated} slots allocated; a fresh sec2 session object keeps ${kb(emptySession)} KB`);
  out(`one 3072-bit bigint held: ${bigintBytes.toFixed(0)} B; modPow working set ${Object.entries(MODPOW_LIVE_BIGINTS).map(([k, v]) => `${k} ${v}`).join(", ")} ` +
    `= ${kb(modpowWorkingSet)} KB (counted from firmware/crypto/modpow.ts, srp6a.ts and XS's division; chunks the snapshot cannot see)`);
  out(`after the handshake + GC the device (session established) keeps ${kb(retained)} KB; after dropping it ${kb(esp32(dropped, start))} KB`);
  out("no-GC peak (xs-heap method) = device before the step + what the step holds at its end + every slot it dropped + modPow's live bigints");
  out("live peak = device before Command0 + max(what Command0 holds at its end, the same minus the SRP session object plus modPow's live bigints)");
  printFigure({ label: "xs sec1 handshake device-side median (XS)", value: median(sec1Xs), unit: "ms" });
  printFigure({ label: "xs sec2 handshake device-side median (XS)", value: median(sec2Xs), unit: "ms" });
  printFigure({ label: "xs/node ratio sec1 handshake", value: median(sec1Xs) / node.sec1, unit: "x" });
  printFigure({ label: "xs/node ratio sec2 handshake", value: median(sec2Xs) / node.sec2, unit: "x" });
  printFigure({ label: "xs sec2 device time in host crypto bridge", value: bridgeDeviceMs, unit: "ms" });
  printFigure({ label: "xs sec2 device time without bridge", value: deviceMsXs - bridgeDeviceMs, unit: "ms" });
  printFigure({ label: "xs baseline: engine + handshake bench modules (ESP32 est.)", value: kb(baseline.esp32Bytes), unit: "KB" });
  printFigure({ label: "xs sec2 device retained after handshake + GC (ESP32 est.)", value: kb(retained), unit: "KB" });
  printFigure({ label: "xs sec2 device peak, no-GC bound (ESP32 est.)", value: kb(noGcPeak), unit: "KB", target: TARGET_KB });
  printFigure({ label: "xs sec2 device live peak (ESP32 est.)", value: kb(livePeak), unit: "KB", target: TARGET_KB });
} finally {
  await bench.close();
}

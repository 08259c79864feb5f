import { performance } from "node:perf_hooks";
import { printFigure } from "./lib/figures";
import { getTestCrypto } from "../test/helpers/crypto-port";
import { runSec1Handshake, runSec2Handshake } from "../test/protocol/protocomm/helpers/handshake-runner";

/** Device-side provisioning handshake time on Node (median of a few runs); XS figures come from the XS runner. */
const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(name: string, run: () => { deviceMs: number }): void {
  run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(run().deviceMs);
  process.stdout.write(`${name}: min ${Math.min(...times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms over ${RUNS} runs (Node ${process.version})\n`);
  printFigure({ label: `${name} device-side median (Node)`, value: median(times), unit: "ms" });
}

const crypto = getTestCrypto();
const now = (): number => performance.now();
measure("sec1 handshake (X25519 + AES-CTR)", () => runSec1Handshake(crypto, now));
measure("sec2 handshake (SRP-6a 3072/SHA-512 + AES-GCM)", () => runSec2Handshake(crypto, now));

/**
 * XS cost of hashing 1 MB of OTA payload in xsnap (XS 13): plain-JS SHA-256 inside the interpreter vs the
 * CryptoPort path the firmware uses (native on the device; here each 4 KB update crosses the xsnap host
 * bridge, so that figure is bridge-bound and an upper bound). Prints figures only.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { createCryptoHost } from "../test/helpers/xs-crypto-host";
import { startXsWorker } from "../test/helpers/xs-host";
import { printFigure } from "./lib/figures";
import { bundleForXs } from "./lib/xs-run";

const code = await bundleForXs(join(import.meta.dirname, "lib", "ota-xs-hash-entry.ts"));
const cryptoHost = createCryptoHost();
const worker = await startXsWorker({
  name: "ota-xs-hash",
  onMessage: (m) => {
    const msg = m as { t?: string; op?: string; args?: [] };
    return msg.t === "crypto" ? cryptoHost(String(msg.op), msg.args ?? []) : undefined;
  },
});
const decoder = new TextDecoder();
async function timed(expression: string): Promise<{ ms: number; value: string }> {
  const { reply } = await worker.evaluate(`(() => { const t0 = performance.now(); const value = ${expression}; const ms = performance.now() - t0;
    return new TextEncoder().encode(JSON.stringify({ ms, value })).buffer; })()`);
  return JSON.parse(decoder.decode(reply)) as { ms: number; value: string };
}
try {
  await worker.evaluate(code);
  const data = new Uint8Array(1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 8)) & 255;
  const expected = createHash("sha256").update(data).digest("hex");
  const best = async (expression: string, runs: number) => {
    let ms = Infinity;
    for (let i = 0; i < runs; i++) {
      const r = await timed(expression);
      if (r.value !== expected) throw new Error(`${expression}: digest ${r.value} differs from node:crypto ${expected}`);
      ms = Math.min(ms, r.ms);
    }
    return ms;
  };
  const pure = await best("otaHashBench.pureJs()", 2);
  const bridged = await best("otaHashBench.bridged(4096)", 3);
  printFigure({ label: "XS pure-JS SHA-256 of 1 MB (xsnap)", value: pure, unit: "ms" });
  printFigure({ label: "XS pure-JS SHA-256 throughput (xsnap)", value: 1000 / pure, unit: "MB/s" });
  printFigure({ label: "XS CryptoPort SHA-256 of 1 MB, 4 KB updates over the xsnap host bridge", value: bridged, unit: "ms" });
  process.stdout.write("note: on ESP32 the CryptoPort hash is Moddable's native crypt Digest (mbedTLS / SHA accelerator); the bridged figure is dominated by hex-JSON crossing, not hashing.\n");
} finally {
  await worker.terminate();
}

/**
 * Claiming figures. On XS (xsnap): device-side RSA-2048 key generation (pure TS, the default key
 * strategy) and CSR building, with the XS memory it takes. On Node: self claims per second the
 * cloud stub sustains (initiate + HMAC check + CSR verify + certificate issue, 4 in flight).
 */
import { resolve } from "node:path";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { printFigure } from "./lib/figures";
import { loadOnXs } from "./lib/xs-run";
import { ESP32_SLOT_BYTES } from "../test/helpers/xs-host";
import { startCloudHarness } from "../test/cloud-stub/claim/fixtures";
import type { CloudServerOptions } from "../cloud-stub/server";
import { createCrypto } from "../host-sim/adapters/crypto";
import { nodeCsrPem, nodeKeyFromPkcs8 } from "../firmware/core/claiming/node-key";

const KEYGEN_RUNS = 5;
const STUB_RUN_MS = 3000;
const IN_FLIGHT = 4;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10;

async function xsFigures(): Promise<void> {
  const bench = await loadOnXs(resolve(import.meta.dirname, "lib/claim-xs-entry.ts"));
  try {
    const before = await bench.heap();
    const times: number[] = [];
    let transientSlots = 0;
    for (let i = 0; i < KEYGEN_RUNS; i++) {
      const slotsBefore = await bench.liveSlots();
      const r = await bench.run("claimBench.keygen(2048)");
      times.push(r.ms);
      transientSlots = Math.max(transientSlots, r.meter.currentHeapCount - slotsBefore);
    }
    const stepped = await bench.run("claimBench.longestStep(2048)");
    const { steps, longestMs } = stepped.value as { steps: number; longestMs: number };
    const csr = await bench.run("claimBench.csr()");
    const after = await bench.heap();
    process.stdout.write(`RSA-2048 key generation on XS (host CPU): ${times.map((t) => t.toFixed(0)).join(", ")} ms over ${KEYGEN_RUNS} runs\n`);
    printFigure({ label: "XS RSA-2048 keygen median", value: median(times), unit: "ms" });
    printFigure({ label: "XS RSA-2048 keygen max", value: Math.max(...times), unit: "ms" });
    printFigure({ label: "XS CSR + PKCS#8 build (signature native, excluded)", value: csr.ms, unit: "ms" });
    printFigure({ label: `XS keygen longest slice between yields (${steps} steps)`, value: longestMs, unit: "ms" });
    // Slots allocated during one keygen and still counted before the next GC: an upper bound of its heap need.
    printFigure({ label: "XS keygen heap peak bound, uncollected slots (ESP32 bytes)", value: kb(transientSlots * ESP32_SLOT_BYTES), unit: "KB" });
    printFigure({ label: "XS retained after claim steps (ESP32 estimate)", value: kb(after.esp32Bytes - before.esp32Bytes), unit: "KB" });
  } finally {
    await bench.close();
  }
}

async function stubFigures(): Promise<void> {
  const claimLimits = { attemptsPerMac: 1e6, attemptsPerAddress: 1e6 } as unknown as CloudServerOptions["claimLimits"];
  const h = await startCloudHarness({ claimLimits });
  try {
    const secretHex = "00112233445566778899aabbccddeeff";
    const macs = Array.from({ length: 2000 }, (_, i) => `24DCC3${i.toString(16).toUpperCase().padStart(6, "0")}`);
    h.server.claims.importFactoryDevices(macs.map((mac) => ({ mac, secretHex, pop: "abcd1234", batch: "bench", importedAt: Date.now() })));
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const key = nodeKeyFromPkcs8(new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" })));
    const crypto = createCrypto();
    let next = 0;
    let done = 0;
    let failed = 0;
    const deadline = Date.now() + STUB_RUN_MS;
    const worker = async (): Promise<void> => {
      while (Date.now() < deadline && next < macs.length) {
        const mac = macs[next++]!;
        const csr = nodeCsrPem(mac, key, crypto).trimEnd();
        const init = await h.post("/claim/initiate", { mac_addr: mac, platform: "esp32" }, { https: true });
        const response = createHmac("sha512", Buffer.from(secretHex, "hex")).update(init.body.challenge as string).digest("hex").toUpperCase();
        const verify = await h.post("/claim/verify", { auth_id: init.body.auth_id, challenge_response: response, csr }, { https: true });
        if (verify.status === 200) done++;
        else failed++;
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (Date.now() - t0) / 1000;
    process.stdout.write(`cloud stub: ${done} self claims (${failed} failed) in ${seconds.toFixed(1)} s over HTTPS, ${IN_FLIGHT} in flight\n`);
    printFigure({ label: "stub self claims per second (HTTPS, RSA-2048 CSR)", value: done / seconds, unit: "claims/s" });
  } finally {
    await h.close();
  }
}

await xsFigures();
await stubFigures();

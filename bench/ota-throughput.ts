/**
 * OTA throughput in the simulator on loopback: the device OTA module on host adapters (node:http client,
 * slot files, node:crypto) downloads a ~1.9 MB signed image from the cloud stub's download route, checks
 * the signature, hashes while writing, reads the slot back and hashes it again, and completes the slot.
 * Two slot back ends: the host slot-file adapter (one handle per slot, fsync every 1 MiB and before the
 * boot record names the image, so a crash resumes from the last sync) and a RAM slot (the module,
 * loopback HTTP and crypto alone), plus the slot-file adapter alone. Prints figures only (target >= 50 MB/s).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloudServer } from "../cloud-stub/server";
import { createOtaAgent } from "../firmware/core/ota/index";
import { createClock } from "../host-sim/adapters/clock";
import { createCrypto } from "../host-sim/adapters/crypto";
import { createHttpClient } from "../host-sim/adapters/http-client";
import { createKv } from "../host-sim/adapters/kv";
import { createOta } from "../host-sim/adapters/ota";
import { createOtaOverFlash } from "../host-sim/fakes/ota";
import type { OtaPort } from "../firmware/ports/ota";
import { createMemoryLog } from "../host-sim/fakes/log";
import { createFakeSystem } from "../host-sim/fakes/system";
import { buildImage } from "../scripts/ota/image-builder";
import { generateOtaKeyPair, loadSigningKey } from "../scripts/ota/keys";
import { printFigure } from "./lib/figures";
import { createRamOtaFlash } from "./lib/ram-ota-flash";

const PayloadBytes = 0x1e0000;
const Runs = 3;
const dir = mkdtempSync(join(tmpdir(), "xsr-bench-ota-"));
const cloud = await startCloudServer({ dataDir: join(dir, "cloud"), httpPort: 0, httpsPort: 0, mqttPort: 0 });
try {
  const keys = generateOtaKeyPair();
  const image = buildImage({ payload: new Uint8Array(randomBytes(PayloadBytes)), project: "bench", version: "2.0.0", key: loadSigningKey(keys.privatePem) });
  const filePath = join(dir, "image.bin");
  writeFileSync(filePath, image);
  cloud.store.createOtaImage({ imageId: "OTAIMGBENCH", name: "bench", version: "2.0.0", size: image.length, sha256: createHash("sha256").update(image).digest("hex"), filePath, createdAt: Date.now() });
  const url = `${cloud.urls.http}/ota/images/OTAIMGBENCH`;

  const mb = image.length / (1024 * 1024);
  const measure = async (label: string, makeOta: (deviceDir: string) => OtaPort) => {
    let best = Infinity;
    for (let run = 0; run < Runs; run++) {
      const deviceDir = join(dir, `${label}-${run}`);
      const log = createMemoryLog();
      const agent = createOtaAgent({
        ports: { clock: createClock(), kv: createKv({ file: join(deviceDir, "flash.cbor") }), log, crypto: createCrypto(), system: createFakeSystem(), httpClient: createHttpClient(), ota: makeOta(deviceDir) },
        publish: () => undefined,
        config: { nodeId: "bench", projectName: "bench", version: "1.0.0", publicKey: keys.publicKey, rebootDelayMs: 60_000 },
      });
      const t0 = performance.now();
      await agent.onOtaUrl(JSON.stringify({ ota_job_id: `bench${run}`, url, file_size: image.length }));
      const ms = performance.now() - t0;
      agent.stop();
      if (agent.state() !== "rebooting") throw new Error(`run ${run} did not complete: ${log.lines().join("; ")}`);
      best = Math.min(best, ms);
    }
    printFigure({ label: `OTA ${mb.toFixed(2)} MB image, ${label} (best of ${Runs})`, value: best, unit: "ms" });
    printFigure({ label: `OTA throughput, ${label}`, value: mb / (best / 1000), unit: "MB/s" });
    printFigure({ label: `OTA time per MB, ${label}`, value: best / mb, unit: "ms", target: 20 });
  };
  let download = Infinity;
  for (let run = 0; run < Runs; run++) {
    const t0 = performance.now();
    const res = await createHttpClient().request({ method: "GET", url });
    while (await res.read());
    download = Math.min(download, performance.now() - t0);
  }
  printFigure({ label: "loopback HTTP download of the image alone (cloud stub route)", value: mb / (download / 1000), unit: "MB/s" });
  await measure("RAM slot", () => createOtaOverFlash(createRamOtaFlash(4 << 20), { slotCapacity: 4 << 20 }));
  await measure("host slot files", (deviceDir) => createOta({ dir: deviceDir }));

  const slotChunk = 16 << 10;
  let slotBest = Infinity;
  for (let run = 0; run < Runs; run++) {
    const ota = createOta({ dir: join(dir, `slot-alone-${run}`) });
    const t0 = performance.now();
    const writer = await ota.begin(image.length);
    for (let offset = 0; offset < image.length; offset += slotChunk) await writer.write(image.subarray(offset, offset + slotChunk));
    await writer.complete();
    slotBest = Math.min(slotBest, performance.now() - t0);
  }
  printFigure({ label: "host slot-file adapter alone (begin, 16 KiB writes, complete)", value: mb / (slotBest / 1000), unit: "MB/s" });

  const crypto = createCrypto();
  const prefix = image.subarray(12, 12 + ((image[6]! << 8) | image[7]!));
  const signature = image.subarray(12 + prefix.length, 12 + prefix.length + ((image[8]! << 8) | image[9]!));
  const n = 200;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) if (!crypto.ecdsaP256Verify(keys.publicKey, prefix, signature)) throw new Error("signature did not verify");
  printFigure({ label: "ECDSA P-256 manifest verification (host)", value: (performance.now() - t1) / n, unit: "ms" });
} finally {
  await cloud.close();
  rmSync(dir, { recursive: true, force: true });
}

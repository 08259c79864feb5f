import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryOta, createMemoryOtaFlash } from "../../host-sim/fakes/ota";
import { createOta } from "../../host-sim/adapters/ota";
import { otaContract } from "./ota.contract";

otaContract("in-memory fake", () => {
  const flash = createMemoryOtaFlash();
  return {
    boot: (options = {}) => {
      flash.setPowerCut(options.powerCut ?? {});
      return createMemoryOta({ ...options, flash });
    },
  };
});

otaContract("slot files adapter", () => {
  const dir = mkdtempSync(join(tmpdir(), "xsr-ota-"));
  return {
    boot: (options = {}) => createOta({ ...options, dir, hooks: options.powerCut }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("slot files adapter specifics", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "xsr-ota-"));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("a power cut while the boot record is replaced leaves the old boot choice", async () => {
    const dir = freshDir();
    let cut = false;
    const ota = createOta({ dir, hooks: { beforeRename: () => { if (cut) throw new Error("power cut"); } } });
    const writer = await ota.begin(16);
    await writer.write(new Uint8Array(16).fill(5));
    cut = true;
    await assert.rejects(writer.complete(), /power cut/);
    assert.deepEqual(createOta({ dir }).boot(), { running: "a", pendingValidation: false, rolledBack: false });
  });

  it("refuses a boot record that is not one", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "ota-boot.json"), '{"running":"c"}');
    assert.throws(() => createOta({ dir }), /not an OTA boot record/);
  });
});

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

  it("writes the boot record only at boots that change it (a host flash write is an fsync)", async () => {
    const dir = freshDir();
    let writes = 0;
    const boot = () => createOta({ dir, hooks: { beforeRename: () => void writes++ } });
    const counted = (fn: () => unknown): number => {
      const before = writes;
      fn();
      return writes - before;
    };
    assert.equal(counted(boot), 1, "first boot: no record yet");
    assert.equal(counted(boot), 0, "ordinary boot");
    const writer = await boot().begin(16);
    await writer.write(new Uint8Array(16).fill(7));
    await writer.complete();
    let ota = boot();
    assert.deepEqual(ota.boot(), { running: "b", pendingValidation: true, rolledBack: false });
    assert.equal(counted(() => (ota = boot())), 1, "a trial image not marked valid is rolled back");
    assert.deepEqual(ota.boot(), { running: "a", pendingValidation: false, rolledBack: true });
    assert.equal(counted(() => (ota = boot())), 1, "the rollback flag is cleared");
    assert.deepEqual(ota.boot(), { running: "a", pendingValidation: false, rolledBack: false });
    assert.equal(counted(boot), 0);
  });

  it("refuses a boot record that is not one", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "ota-boot.json"), '{"running":"c"}');
    assert.throws(() => createOta({ dir }), /not an OTA boot record/);
  });
});

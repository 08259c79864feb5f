import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { createOta } from "../../host-sim/adapters/ota";

const image = (size: number, seed = 1): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 13 + seed) & 0xff);
const openHandles = (): number => readdirSync("/proc/self/fd").length;

async function writeChunks(writer: { write(chunk: Uint8Array): Promise<void> }, bytes: Uint8Array, chunk: number): Promise<void> {
  for (let offset = 0; offset < bytes.length; offset += chunk) await writer.write(bytes.subarray(offset, offset + chunk));
}

describe("host OTA slot files: syncs, durable mark and crash recovery", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "xsr-ota-sync-"));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("syncs every syncEveryBytes, not per chunk, and syncs the image before the boot record names it", async () => {
    const dir = freshDir();
    const events: string[] = [];
    const ota = createOta({
      dir,
      syncEveryBytes: 1000,
      hooks: { afterSlotSync: (slot, durable) => events.push(`sync ${slot} ${durable}`), beforeRename: () => events.push("record") },
    });
    events.length = 0;
    const writer = await ota.begin(3000);
    await writeChunks(writer, image(3000), 300);
    await writer.complete();
    assert.deepEqual(events, ["record", "sync b 1200", "sync b 2400", "sync b 3000", "record"]);
    assert.equal(statSync(join(dir, "ota-slot-b.bin")).size, 3000);
    assert.equal(existsSync(join(dir, "ota-slot-b.synced")), false, "a completed image keeps no mark");
    assert.deepEqual(createOta({ dir }).boot(), { running: "b", pendingValidation: true, rolledBack: false });
  });

  it("a host crash between syncs drops the unsynced tail at the next boot and resumes from the mark", async () => {
    const dir = freshDir();
    const bytes = image(4000, 7);
    const first = createOta({ dir, syncEveryBytes: 1000 });
    const writer = await first.begin(bytes.length);
    await writeChunks(writer, bytes.subarray(0, 2500), 500);
    assert.equal(writer.written, 2500, "the running boot sees all it wrote");
    const ota = createOta({ dir });
    assert.equal(statSync(join(dir, "ota-slot-b.bin")).size, 2000, "the boot cut the slot back to the durable mark");
    const resumed = await ota.begin(bytes.length, { resume: true });
    assert.equal(resumed.written, 2000);
    await resumed.write(bytes.subarray(2000));
    await resumed.complete();
    assert.deepEqual(await ota.readInactive(0, bytes.length), bytes);
  });

  it("a power cut while complete() replaces the boot record keeps the whole synced image for resume", async () => {
    const dir = freshDir();
    const bytes = image(2500, 5);
    let cut = false;
    const first = createOta({ dir, syncEveryBytes: 1000, hooks: { beforeRename: () => { if (cut) throw new Error("power cut"); } } });
    const writer = await first.begin(bytes.length);
    await writeChunks(writer, bytes, 400);
    cut = true;
    await assert.rejects(writer.complete(), /power cut/);
    const ota = createOta({ dir });
    assert.equal(ota.boot().running, "a");
    const resumed = await ota.begin(bytes.length, { resume: true });
    assert.equal(resumed.written, bytes.length);
    await resumed.complete();
    assert.deepEqual(await ota.readInactive(0, bytes.length), bytes);
  });

  it("a power cut right after a sync resumes at that sync", async () => {
    const dir = freshDir();
    const bytes = image(3000, 2);
    const cut = createOta({ dir, syncEveryBytes: 1000, hooks: { afterSlotSync: () => { throw new Error("power cut"); } } });
    const writer = await cut.begin(bytes.length);
    await writer.write(bytes.subarray(0, 600));
    await assert.rejects(writer.write(bytes.subarray(600, 1200)), /power cut/);
    const resumed = await createOta({ dir }).begin(bytes.length, { resume: true });
    assert.equal(resumed.written, 1200);
  });

  it("a mark left by an interrupted image never vouches for the bytes of a newer download", async () => {
    const dir = freshDir();
    const old = await createOta({ dir, syncEveryBytes: 1000 }).begin(3000);
    await writeChunks(old, image(2000, 1), 1000);
    const fresh = await createOta({ dir, syncEveryBytes: 1000 }).begin(3000);
    await fresh.write(image(500, 9));
    const ota = createOta({ dir });
    assert.equal((await ota.begin(3000, { resume: true })).written, 0);
  });

  it("a garbled mark counts as nothing durable, and completed images are never cut", async () => {
    const dir = freshDir();
    const setup = createOta({ dir, syncEveryBytes: 1000 });
    await writeChunks(await setup.begin(3000), image(2000), 1000);
    writeFileSync(join(dir, "ota-slot-b.synced"), "18");
    assert.equal((await createOta({ dir }).begin(3000, { resume: true })).written, 0);

    const ota = createOta({ dir, syncEveryBytes: 1000 });
    const writer = await ota.begin(2500);
    await writeChunks(writer, image(2500, 4), 700);
    await writer.complete();
    writeFileSync(join(dir, "ota-slot-b.synced"), "5\n");
    const next = createOta({ dir });
    assert.equal(next.boot().running, "b");
    assert.equal(statSync(join(dir, "ota-slot-b.bin")).size, 2500);
  });

  it("keeps one handle per writer and closes it when the image is completed or aborted", async function () {
    if (!existsSync("/proc/self/fd")) this.skip();
    const ota = createOta({ dir: freshDir(), syncEveryBytes: 1000 });
    const before = openHandles();
    const writer = await ota.begin(3000);
    await writeChunks(writer, image(3000), 250);
    assert.equal(openHandles(), before + 1);
    await ota.readInactive(0, 3000);
    assert.equal(openHandles(), before + 1);
    await writer.complete();
    assert.equal(openHandles(), before);
    const dropped = await ota.begin(100);
    await dropped.write(image(50));
    await dropped.abort();
    assert.equal(openHandles(), before);
  });

  it("refuses a syncEveryBytes that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => createOta({ dir: freshDir(), syncEveryBytes: bad }), RangeError);
  });

  it("property: any chunking, sync distance and crash point resumes at the last sync and yields the exact image", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 2, maxLength: 4000 }),
        fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 1500 }),
        fc.nat(),
        async (bytes, sizes, syncEveryBytes, crashSeed) => {
          const dir = freshDir();
          const crashAt = 1 + (crashSeed % (bytes.length - 1));
          const writer = await createOta({ dir, syncEveryBytes }).begin(bytes.length);
          let offset = 0;
          let durable = 0;
          for (let i = 0; offset < crashAt; i++) {
            const end = Math.min(offset + sizes[i % sizes.length]!, crashAt);
            await writer.write(bytes.subarray(offset, end));
            offset = end;
            if (offset - durable >= syncEveryBytes) durable = offset;
          }
          const ota = createOta({ dir });
          const resumed = await ota.begin(bytes.length, { resume: true });
          assert.equal(resumed.written, durable);
          await resumed.write(bytes.subarray(durable));
          await resumed.complete();
          assert.deepEqual(await ota.readInactive(0, bytes.length), bytes);
        },
      ),
      { numRuns: 20 },
    );
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryKv } from "../../host-sim/fakes/kv";
import { createKv } from "../../host-sim/adapters/kv";
import { kvContract, kvPrototypeNamesContract } from "./kv.contract";

const dirs: string[] = [];
const freshFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "xsr-kv-"));
  dirs.push(dir);
  return join(dir, "flash.cbor");
};
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

kvContract("in-memory fake", () => createMemoryKv());
kvContract("CBOR flash file adapter", () => createKv({ file: freshFile() }));
kvPrototypeNamesContract("in-memory fake", () => createMemoryKv());
kvPrototypeNamesContract("CBOR flash file adapter", () => createKv({ file: freshFile() }));

describe("CBOR flash file adapter specifics", () => {
  it("keeps data across reopen", () => {
    const file = freshFile();
    const kv = createKv({ file });
    kv.set("wifi", "ssid", "home");
    kv.set("wifi", "count", 3);
    kv.set("fctry", "cert", new Uint8Array([9, 8, 7]));
    kv.set("wifi", "tmp", true);
    kv.set("__proto__", "constructor", "odd names survive");
    kv.delete("wifi", "tmp");
    const reopened = createKv({ file });
    assert.equal(reopened.get("wifi", "ssid"), "home");
    assert.equal(reopened.get("wifi", "count"), 3);
    assert.deepEqual(reopened.get("fctry", "cert"), new Uint8Array([9, 8, 7]));
    assert.equal(reopened.get("wifi", "tmp"), undefined);
    assert.equal(reopened.get("__proto__", "constructor"), "odd names survive");
    assert.equal(Object.getPrototypeOf(reopened.get("fctry", "cert")), Uint8Array.prototype);
  });

  it("keeps the old value when power is cut between temp write and rename", () => {
    const file = freshFile();
    let cut = false;
    const kv = createKv({ file, hooks: { beforeRename: () => { if (cut) throw new Error("power cut"); } } });
    kv.set("ns", "k", "old");
    cut = true;
    assert.throws(() => kv.set("ns", "k", "new"), (error: unknown) => (error as { code?: string }).code === "io");
    assert.equal(kv.get("ns", "k"), "old", "the live store rolls back too");
    assert.ok(existsSync(`${file}.tmp`), "the torn temp file is left behind like after a real cut");
    assert.equal(createKv({ file }).get("ns", "k"), "old");
  });

  it("refuses a corrupt flash file with a clear io error", () => {
    const file = freshFile();
    writeFileSync(file, Uint8Array.from([0x83, 0x01]));
    assert.throws(() => createKv({ file }));
    writeFileSync(file, Uint8Array.from([0x01]));
    assert.throws(() => createKv({ file }), /not a KV flash image/);
  });
});

describe("in-memory fake specifics", () => {
  it("counts writes and rolls back when persist throws", () => {
    let fail = false;
    const kv = createMemoryKv({ persist: () => { if (fail) throw new Error("disk full"); } });
    kv.set("a", "b", 1);
    fail = true;
    assert.throws(() => kv.set("a", "b", 2), /disk full/);
    assert.equal(kv.get("a", "b"), 1);
    assert.equal(kv.writeCount(), 1);
    assert.deepEqual(kv.snapshot(), { a: { b: 1 } });
  });
});

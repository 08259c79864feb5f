/** test/helpers/xs-host.ts on the real xsnap engine: messages, print, and whether the heap figures track real allocations. */
import assert from "node:assert/strict";
import { parseSnapshotSections, startXsWorker } from "../helpers/xs-host";
import type { XsWorker } from "../helpers/xs-host";

describe("xs-host (xsnap worker)", function () {
  this.timeout(30_000);
  let worker: XsWorker;
  const printed: string[] = [];
  const received: unknown[] = [];

  before(async () => {
    worker = await startXsWorker({
      onPrint: (line) => printed.push(line),
      onMessage: (m) => {
        received.push(m);
        return { answer: 42 };
      },
    });
  });
  after(() => worker.terminate());

  it("answers issueCommand from XS synchronously and returns ArrayBuffer completions", async () => {
    const { reply } = await worker.evaluate(`
      const r = JSON.parse(new TextDecoder().decode(issueCommand(new TextEncoder().encode('{"q":1}').buffer)));
      new TextEncoder().encode(String(r.answer + 1)).buffer`);
    assert.equal(new TextDecoder().decode(reply), "43");
    assert.deepEqual(received, [{ q: 1 }]);
  });

  it("forwards print output line by line", async () => {
    await worker.evaluate(`print("one"); print("two", 2);`);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(printed.slice(-2), ["one", "two 2"]);
  });

  it("rejects evaluate with the XS exception", async () => {
    await assert.rejects(worker.evaluate("[1].toSorted()"), /TypeError/);
  });

  it("sees a retained 10,000-byte buffer in the chunk figure, and its release after GC", async () => {
    const before = await worker.heapSnapshot();
    await worker.evaluate("globalThis.kept = new Uint8Array(10000)");
    const held = await worker.heapSnapshot();
    await worker.evaluate("delete globalThis.kept");
    const released = await worker.heapSnapshot();
    const grew = held.chunkBytes - before.chunkBytes;
    assert.ok(grew >= 10000 && grew < 10400, `chunk growth ${grew}`);
    assert.ok(Math.abs(released.chunkBytes - before.chunkBytes) < 400, `after release ${released.chunkBytes - before.chunkBytes}`);
  });

  it("sees 1,000 retained objects in the slot figure, matching the meter's live slot count", async () => {
    const before = await worker.heapSnapshot();
    const { meter } = await worker.evaluate("globalThis.objs = []; for (let i = 0; i < 1000; i++) objs.push({ a: i }); gc()");
    const after = await worker.heapSnapshot();
    const slots = after.slots - before.slots;
    assert.ok(slots >= 2000 && slots < 2100, `slot growth ${slots}`);
    assert.ok(Math.abs(meter.currentHeapCount - after.slots) < 20, `${meter.currentHeapCount} vs ${after.slots}`);
    assert.equal(after.esp32Bytes, after.chunkBytes + after.slots * 16);
  });

  it("parses snapshot sections and refuses a corrupt size", () => {
    const section = (tag: string, body: number) => {
      const b = new Uint8Array(8 + body);
      new DataView(b.buffer).setUint32(0, 8 + body);
      b.set([...tag].map((c) => c.charCodeAt(0)), 4);
      return b;
    };
    const file = new Uint8Array([...section("XS_M", 0), ...section("BLOC", 5), ...section("HEAP", 64)]);
    assert.deepEqual([...parseSnapshotSections(file)], [["BLOC", 5], ["HEAP", 64]]);
    const bad = file.slice();
    new DataView(bad.buffer).setUint32(8, 3);
    assert.throws(() => parseSnapshotSections(bad), /bad snapshot section BLOC size 3/);
  });
});

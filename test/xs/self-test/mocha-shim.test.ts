/** The XS mocha shim: hook order, async tests, skips, failures and aborting a test that never settles. */
import assert from "node:assert/strict";
import { createRunner } from "../shims/mocha";
import type { TestEvent } from "../shims/mocha";

function summary(events: TestEvent[]): string[] {
  return events.map((e) => `${e.kind} ${e.path.join(" > ")}`);
}

describe("xs/shims/mocha", () => {
  it("runs hooks around tests in mocha's order, with async tests", async () => {
    const log: string[] = [];
    const events: TestEvent[] = [];
    const r = createRunner({ onEvent: (e) => events.push(e) });
    r.describe("outer", () => {
      r.before(() => void log.push("before"));
      r.beforeEach(() => void log.push("beforeEach outer"));
      r.afterEach(() => void log.push("afterEach outer"));
      r.after(() => void log.push("after"));
      r.it("first", async () => {
        await Promise.resolve();
        log.push("first");
      });
      r.describe("inner", () => {
        r.beforeEach(() => void log.push("beforeEach inner"));
        r.it("second", (done) => {
          log.push("second");
          done();
        });
      });
    });
    const counts = await r.run();
    assert.deepEqual(counts, { passed: 2, failed: 0, skipped: 0 });
    assert.deepEqual(log, [
      "before",
      "beforeEach outer", "first", "afterEach outer",
      "beforeEach outer", "beforeEach inner", "second", "afterEach outer",
      "after",
    ]);
    assert.deepEqual(summary(events), ["pass outer > first", "pass outer > inner > second"]);
  });

  it("reports failures with the error and keeps going; skips it.skip, describe.skip and this.skip()", async () => {
    const events: TestEvent[] = [];
    const r = createRunner({ onEvent: (e) => events.push(e) });
    r.it("throws", () => {
      throw new RangeError("bad range");
    });
    r.it("rejects", async () => Promise.reject(new Error("nope")));
    r.it.skip("skipped", () => undefined);
    r.it("pending");
    r.it("skips itself", function () {
      this.skip();
    });
    r.describe.skip("skipped suite", () => r.it("inside", () => undefined));
    r.it("still runs", () => undefined);
    const counts = await r.run();
    assert.deepEqual(counts, { passed: 1, failed: 2, skipped: 4 });
    assert.deepEqual(summary(events), ["fail throws", "fail rejects", "skip skipped", "skip pending", "skip skips itself", "skip skipped suite > inside", "pass still runs"]);
    assert.match(events[0]!.error!, /RangeError: bad range/);
  });

  it("fails a suite whose before hook throws without running its tests", async () => {
    const ran: string[] = [];
    const events: TestEvent[] = [];
    const r = createRunner({ onEvent: (e) => events.push(e) });
    r.describe("s", () => {
      r.before(() => {
        throw new Error("setup broke");
      });
      r.it("t", () => void ran.push("t"));
    });
    await r.run();
    assert.deepEqual(ran, []);
    assert.deepEqual(summary(events), ['fail s > "before all" hook']);
  });

  it("lets the host abort a test whose promise never settles, then continues", async () => {
    const events: TestEvent[] = [];
    const r = createRunner({ onEvent: (e) => events.push(e) });
    r.it("hangs", () => new Promise(() => undefined));
    r.it("after", () => undefined);
    const run = r.run();
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(r.current(), "hangs");
    r.abortCurrent("never settled");
    await run;
    assert.deepEqual(summary(events), ["fail hangs", "pass after"]);
    assert.match(events[0]!.error!, /never settled/);
  });
});

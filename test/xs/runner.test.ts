/**
 * The XS runner on fixture trees (a temporary repo layout): results, skips, load failures, bundle
 * errors, hung promises, runaway loops and the crypto bridge, each run on the real xsnap engine.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundleTest } from "./bundle-test";
import { runBundle } from "./run-bundle";
import type { FileRun } from "./run-bundle";

describe("xs/run-xs on fixture trees", function () {
  this.timeout(60_000);
  let root = "";

  before(() => {
    root = mkdtempSync(join(tmpdir(), "xsr-xs-runner-"));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function write(path: string, text: string): string {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  async function runFile(path: string, limitMs = 20_000): Promise<FileRun> {
    const bundle = await bundleTest(root, join(root, path));
    assert.equal(bundle.kind, "ok", JSON.stringify(bundle));
    if (bundle.kind !== "ok") throw new Error("unreachable");
    return runBundle(bundle.code, limitMs, () => undefined, () => undefined);
  }

  const outcomes = (run: FileRun) => run.events.map((e) => `${e.kind} ${e.title}`);

  it("runs firmware code imported by a test, with the assert shim, and reports heap figures", async () => {
    write("firmware/core/sum.ts", "export const sum = (a: number, b: number): number => a + b;\n");
    write("test/core/sum.test.ts", `import assert from "node:assert/strict";
import { sum } from "../../firmware/core/sum";
describe("sum", () => {
  it("adds", () => assert.equal(sum(2, 3), 5));
  it("is wrong on purpose", () => assert.deepStrictEqual({ s: sum(1, 1) }, { s: 3 }));
});
`);
    const run = await runFile("test/core/sum.test.ts");
    assert.deepEqual(outcomes(run), ["pass adds", "fail is wrong on purpose"]);
    assert.match(run.events[1]!.error!, /AssertionError/);
    assert.deepEqual(run.fileErrors, []);
    assert.ok(run.heap && run.heap.slots > 1000 && run.heap.chunkBytes > 0, JSON.stringify(run.heap));
    assert.ok(run.meter && run.meter.allocate >= run.heap.hostBytes);
  });

  it("fails the file with a clear message when firmware uses an API XS 13 lacks", async () => {
    write("firmware/core/sorted.ts", "export const SORTED = [3, 1, 2].toSorted();\n");
    write("test/core/sorted.test.ts", `import { SORTED } from "../../firmware/core/sorted";
it("never runs", () => void SORTED);
`);
    const run = await runFile("test/core/sorted.test.ts");
    assert.deepEqual(run.events, []);
    assert.equal(run.fileErrors.length, 1);
    assert.match(run.fileErrors[0]!, /failed to load on XS: TypeError/);
  });

  it("aborts a test whose promise never settles and runs the next one", async () => {
    write("test/core/hang.test.ts", `it("hangs", () => new Promise(() => undefined));
it("runs after", () => undefined);
`);
    const run = await runFile("test/core/hang.test.ts");
    assert.deepEqual(outcomes(run), ["fail hangs", "pass runs after"]);
    assert.match(run.events[0]!.error!, /never settled on XS/);
  });

  it("stops a runaway loop at the per-file time limit", async () => {
    write("test/core/spin.test.ts", `it("spins", () => { for (;;) { /* forever */ } });\n`);
    const started = Date.now();
    const run = await runFile("test/core/spin.test.ts", 1500);
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(run.fileErrors, ["exceeded the per-file time limit of 1500 ms"]);
  });

  it("skips Node-only test files and says which import made them Node-only", async () => {
    write("test/core/fs.test.ts", `import { readFileSync } from "node:fs";\nit("reads", () => void readFileSync);\n`);
    write("test/helpers/os-helper.ts", `import { tmpdir } from "os";\nexport const where = tmpdir;\n`);
    write("test/core/helper.test.ts", `import { where } from "../helpers/os-helper";\nit("uses", () => void where);\n`);
    write("test/core/npm.test.ts", `import mqtt from "mqtt";\nit("uses", () => void mqtt);\n`);
    assert.deepEqual(await bundleTest(root, join(root, "test/core/fs.test.ts")), { kind: "skip", reason: "imports node:fs" });
    assert.deepEqual(await bundleTest(root, join(root, "test/core/helper.test.ts")), { kind: "skip", reason: "imports node:os via test/helpers/os-helper.ts" });
    assert.deepEqual(await bundleTest(root, join(root, "test/core/npm.test.ts")), { kind: "skip", reason: "imports npm package mqtt" });
  });

  it("fails (does not skip) a test whose firmware imports node:*, and names bundle errors by file", async () => {
    write("firmware/protocol/bad.ts", `import { randomBytes } from "node:crypto";\nexport const r = randomBytes;\n`);
    write("test/protocol/bad.test.ts", `import { r } from "../../firmware/protocol/bad";\nit("x", () => void r);\n`);
    write("test/protocol/broken.test.ts", `it("x", () => { const = 1; });\n`);
    const bad = await bundleTest(root, join(root, "test/protocol/bad.test.ts"));
    assert.deepEqual(bad, { kind: "error", message: "firmware module firmware/protocol/bad.ts imports node:crypto, which does not exist on XS" });
    const broken = await bundleTest(root, join(root, "test/protocol/broken.test.ts"));
    assert.equal(broken.kind, "error");
    assert.match(broken.kind === "error" ? broken.message : "", /^bundle error: .*test\/protocol\/broken\.test\.ts:1: /);
  });

  it("bridges test/helpers/crypto-port to node:crypto on the host", async () => {
    write("test/crypto/bridge.test.ts", `import assert from "node:assert/strict";
import { getTestCrypto } from "../helpers/crypto-port";
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const crypto = getTestCrypto();
it("sha256 abc (FIPS 180-2)", () => assert.equal(hex(crypto.hash("SHA-256", ascii("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
it("hmac sha256 (RFC 4231 case 2)", () => assert.equal(hex(crypto.hmac("SHA-256", ascii("Jefe"), ascii("what do ya want for nothing?"))), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
it("incremental hash equals one-shot", () => {
  const h = crypto.createHash("SHA-512");
  h.update(ascii("ab")); h.update(ascii("c"));
  assert.deepEqual(h.digest(), crypto.hash("SHA-512", ascii("abc")));
});
it("aes-ctr keeps its keystream position across calls", () => {
  const key = new Uint8Array(16).fill(7), iv = new Uint8Array(16);
  const whole = crypto.aesCtr(key, iv).process(new Uint8Array(40));
  const split = crypto.aesCtr(key, iv);
  assert.deepEqual([...split.process(new Uint8Array(17)), ...split.process(new Uint8Array(23))], [...whole]);
});
it("aes-gcm round-trips and rejects a flipped bit", () => {
  const key = new Uint8Array(32).fill(1), iv = new Uint8Array(12).fill(2);
  const sealed = crypto.aesGcmEncrypt(key, iv, ascii("hello"), ascii("aad"));
  assert.equal(sealed.length, 5 + 16);
  assert.deepEqual(crypto.aesGcmDecrypt(key, iv, sealed, ascii("aad")), ascii("hello"));
  sealed[0] ^= 1;
  assert.equal(crypto.aesGcmDecrypt(key, iv, sealed, ascii("aad")), undefined);
});
it("random gives the asked length", () => assert.equal(crypto.random(33).length, 33));
it("reports host errors as exceptions", () => assert.throws(() => crypto.aesCtr(new Uint8Array(5), new Uint8Array(16)), /AES key must be 16, 24 or 32 bytes/));
`);
    const run = await runFile("test/crypto/bridge.test.ts");
    assert.deepEqual(run.fileErrors, []);
    assert.deepEqual(run.events.filter((e) => e.kind !== "pass").map((e) => `${e.title}: ${e.error}`), []);
    assert.equal(run.events.length, 7);
  });
});

/**
 * scripts/check-layers.ts on temporary trees laid out like the repository: a clean tree passes,
 * each forbidden kind of import, export and global is reported at its line; then the real repo.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { checkLayers, formatViolation } from "../../scripts/check-layers";

const REPO = resolve(import.meta.dirname, "..", "..");

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "xsr-layers-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const CLEAN: Record<string, string> = {
  "firmware/ports/clock.ts": "/** Clock. */\nexport interface ClockPort {\n  setTimeout(fn: () => void, ms: number): number;\n  now(): number;\n}\nexport type Ms = number;\n",
  "firmware/ports/io.ts": "export interface Digital { read(): number }\n",
  "firmware/ports/index.ts": 'export type { ClockPort } from "./clock";\nexport * from "./io";\ndeclare const brand: unique symbol;\n',
  "firmware/protocol/limits.ts": 'import type { Ms } from "../ports/clock";\nexport const MAX: Ms = 5;\n',
  "firmware/protocol/json.ts": 'import { type ClockPort } from "../ports/clock";\nimport { MAX } from "./limits";\nexport const f = (c: ClockPort) => c.now() + MAX;\n',
  "firmware/crypto/x25519.ts": 'import { MAX } from "../protocol/limits";\nexport const k = MAX;\n',
  "firmware/core/agent.ts": [
    'import type { ClockPort } from "../ports";',
    'import { f } from "../protocol/json";',
    'import { k } from "../crypto/x25519";',
    "export function start(clock: ClockPort, process: (n: number) => void): void {",
    "  clock.setTimeout(() => process(f(clock) + k), 10);",
    "  const timer = { setTimeout: 1, Buffer: 2 };",
    "  void timer.setTimeout;",
    "}",
    "",
  ].join("\n"),
  "firmware/drivers/relay/relay.ts": 'import { start } from "../../core/agent";\nimport type { Digital } from "../../ports/io";\nimport { PIN } from "./pins";\nexport const relay = (d: Digital) => [start, d, PIN];\n',
  "firmware/drivers/relay/pins.ts": "export const PIN = 4;\n",
  "firmware/platform/moddable/clock.ts": 'import Timer from "timer";\nimport Digital from "embedded:io/digital";\nimport type { ClockPort } from "../../ports/clock";\nexport const make = (): ClockPort => ({ setTimeout: (fn, ms) => Timer.set(fn, ms), now: () => Date.now() });\nvoid Digital;\n',
  "firmware/platform/moddable/http.ts": 'import { Request } from "http";\nexport { Request };\n',
  "firmware/platform/moddable/native.ts": 'import FFI from "mc/ffi";\nimport Sensor from "custom-sensor";\nexport const n = [FFI, Sensor];\n',
  "node_modules/cbor-x/package.json": '{"name":"cbor-x"}\n',
  "host-sim/adapters/kv.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
  "host-sim/cli.ts": 'import process from "node:process";\nimport { start } from "../firmware/core/agent";\nexport const main = () => [process.argv, start];\n',
  "host-sim/fakes/gpio.ts": 'import type { Digital } from "../../firmware/ports/io";\nexport const pin = (): Digital => ({ read: () => 0 });\n',
  "cloud-stub/handlers/params.ts": 'import { createServer } from "node:http";\nimport fastify from "fastify";\nimport { f } from "../../firmware/protocol/json";\nimport type { ClockPort } from "../../firmware/ports/clock";\nexport const h = [createServer, fastify, f] as const;\nexport type C = ClockPort;\n',
};

const BROKEN: Record<string, string> = {
  "firmware/ports/bad.ts": "export const X = 1;\nexport function f(): void {}\nexport class C {}\nexport enum E { A }\nexport interface Ok { a: 1 }\n",
  "firmware/protocol/uses-core.ts": 'import { start } from "../core/agent";\nexport const s = start;\n',
  "firmware/protocol/value-port.ts": 'import { ClockPort } from "../ports/clock";\nexport type P = ClockPort;\n',
  "firmware/core/node.ts": 'import { readFileSync } from "node:fs";\nimport os from "os";\nexport const r = [readFileSync, os];\n',
  "firmware/core/npm.ts": 'import { encode } from "cbor-x";\nexport const e = encode;\n',
  "firmware/core/moddable.ts": 'import Timer from "timer";\nimport Digital from "embedded:io/digital";\nexport const t = [Timer, Digital];\n',
  "firmware/core/globals.ts": [
    "export function bad(x: unknown): unknown[] {",
    "  return [",
    "    Buffer.from([1]),",
    "    process.env,",
    '    require("x"),',
    "    document, window, fetch,",
    "    new TextEncoder(), new TextDecoder(),",
    "    setTimeout(() => x, 1), setInterval(() => x, 1),",
    "    Date.now(),",
    "    structuredClone(x),",
    "    globalThis.setTimeout,",
    "    console.log(x),",
    "  ];",
    "}",
    "",
  ].join("\n"),
  "firmware/crypto/uses-core.ts": 'import { start } from "../core/agent";\nexport const s = start;\n',
  "firmware/drivers/relay/bad.ts": 'import { f } from "../../protocol/json";\nimport type { ClockPort } from "../../ports/clock";\nimport { other } from "../button/button";\nexport const b = [f, other];\nexport type C = ClockPort;\n',
  "firmware/drivers/button/button.ts": "export const other = 1;\n",
  "firmware/platform/moddable/node.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
  "firmware/platform/moddable/npm.ts": 'import { encode } from "cbor-x";\nexport const e = encode;\n',
  "firmware/core/outside.ts": 'import { read } from "../../host-sim/adapters/kv";\nexport const r = read;\n',
  "cloud-stub/handlers/uses-core.ts": 'import { start } from "../../firmware/core/agent";\nexport const s = start;\n',
  "host-sim/fakes/impure.ts": 'import { EventEmitter } from "node:events";\nexport const e = [EventEmitter, Buffer.alloc(1)];\n',
  "host-sim/runner/node.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
};

const EXPECTED = [
  "cloud-stub/handlers/uses-core.ts:1: cloud-stub-imports",
  "firmware/core/globals.ts:3: forbidden-global",
  "firmware/core/globals.ts:4: forbidden-global",
  "firmware/core/globals.ts:5: forbidden-global",
  "firmware/core/globals.ts:5: no-require",
  "firmware/core/globals.ts:5: no-npm",
  "firmware/core/globals.ts:6: forbidden-global",
  "firmware/core/globals.ts:6: forbidden-global",
  "firmware/core/globals.ts:6: forbidden-global",
  "firmware/core/globals.ts:7: forbidden-global",
  "firmware/core/globals.ts:7: forbidden-global",
  "firmware/core/globals.ts:8: forbidden-global",
  "firmware/core/globals.ts:8: forbidden-global",
  "firmware/core/globals.ts:9: forbidden-global",
  "firmware/core/globals.ts:10: forbidden-global",
  "firmware/core/globals.ts:11: forbidden-global",
  "firmware/core/globals.ts:12: forbidden-global",
  "firmware/core/moddable.ts:1: moddable-only-in-platform",
  "firmware/core/moddable.ts:2: moddable-only-in-platform",
  "firmware/core/node.ts:1: no-node",
  "firmware/core/node.ts:2: no-node",
  "firmware/core/npm.ts:1: no-npm",
  "firmware/core/outside.ts:1: firmware-self-contained",
  "firmware/crypto/uses-core.ts:1: crypto-imports",
  "firmware/drivers/relay/bad.ts:1: drivers-imports",
  "firmware/drivers/relay/bad.ts:2: drivers-imports",
  "firmware/drivers/relay/bad.ts:3: drivers-imports",
  "firmware/platform/moddable/node.ts:1: no-node",
  "firmware/platform/moddable/npm.ts:1: no-npm",
  "firmware/ports/bad.ts:1: ports-types-only",
  "firmware/ports/bad.ts:2: ports-types-only",
  "firmware/ports/bad.ts:3: ports-types-only",
  "firmware/ports/bad.ts:4: ports-types-only",
  "firmware/protocol/uses-core.ts:1: protocol-imports",
  "firmware/protocol/value-port.ts:1: ports-type-only-import",
  "host-sim/fakes/impure.ts:1: no-node",
  "host-sim/fakes/impure.ts:2: forbidden-global",
  "host-sim/runner/node.ts:1: no-node",
];

describe("scripts/check-layers", function () {
  this.timeout(30_000);
  const roots: string[] = [];
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
  const make = (files: Record<string, string>) => {
    const root = tree(files);
    roots.push(root);
    return root;
  };

  it("accepts a clean tree that uses every allowed import kind", () => {
    assert.deepEqual(checkLayers(make(CLEAN)).map(formatViolation), []);
  });

  it("reports each forbidden import, runtime port export and device global at its line", () => {
    const found = checkLayers(make({ ...CLEAN, ...BROKEN })).map((v) => `${v.file}:${v.line}: ${v.rule}`);
    assert.deepEqual(found.sort(), [...EXPECTED].sort());
  });

  it("names the offending global or specifier in the detail", () => {
    const details = checkLayers(make({ ...CLEAN, ...BROKEN })).map(formatViolation);
    for (const needle of ["Buffer", "process", "TextEncoder", "setInterval", "Date.now", "structuredClone", "globalThis.setTimeout", "console", "node:fs", "cbor-x", "embedded:io/digital"]) {
      assert.ok(details.some((d) => d.includes(needle)), `no violation mentions ${needle}:\n${details.join("\n")}`);
    }
  });

  it("exits 1 and prints file:line: rule: detail from the command line, 0 on a clean tree", () => {
    const cli = (root: string) => spawnSync("npx", ["tsx", join(REPO, "scripts/check-layers.ts"), root], { encoding: "utf8" });
    const bad = cli(make({ ...CLEAN, "firmware/core/npm.ts": BROKEN["firmware/core/npm.ts"]! }));
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^firmware\/core\/npm\.ts:1: no-npm: bare package "cbor-x" in device code/m);
    const good = cli(make(CLEAN));
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /layer check: 0 violations/);
  });

  it("finds no violation in this repository", () => {
    assert.deepEqual(checkLayers(REPO).map(formatViolation), []);
  });
});

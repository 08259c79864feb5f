/**
 * scripts/check-manifest.ts on temporary trees: a covered tree passes; a Moddable module with no
 * manifest, a platform-only module, an unmapped firmware directory and an unknown SDK include are
 * reported; then the real repository passes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { checkManifest, runtimeImports } from "../../scripts/check-manifest";

const REPO = resolve(import.meta.dirname, "..", "..");
const roots: string[] = [];

function tree(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "xsr-manifest-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const top = {
  build: { "APP ?=": "hello" },
  include: ["$(MODDABLE)/examples/manifest_base.json", "./firmware/platform/moddable/manifest.json", "./firmware/examples/$(APP)/manifest.json"],
  modules: { "firmware/ports/*": "./firmware/ports/*", "firmware/protocol/*": "./firmware/protocol/*" },
};
const platformManifest = (include: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  include,
  modules: { "firmware/platform/moddable/*": "./*" },
  ...extra,
});
const base: Record<string, unknown> = {
  "manifest.json": top,
  "firmware/examples/hello/manifest.json": { modules: { "firmware/examples/hello/*": "./*" } },
  "firmware/examples/hello/main.ts": 'import { createMqtt } from "../../platform/moddable/mqtt";\ncreateMqtt();\n',
  "firmware/platform/moddable/mqtt.ts": 'import Client from "mqtt";\nimport type { X } from "bleserver";\nimport { utf8 } from "../../protocol/bytes";\nexport function createMqtt() { return [Client, utf8]; }\n',
  "firmware/protocol/bytes.ts": "export const utf8 = 1;\n",
};

after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe("check-manifest", () => {
  it("passes when every runtime import is provided and every reachable file is mapped", () => {
    const root = tree({ ...base, "firmware/platform/moddable/manifest.json": platformManifest(["$(MODULES)/network/mqtt/manifest.json"]) });
    assert.deepEqual(checkManifest(root), []);
  });

  it("reports a Moddable module whose manifest is not included, on every platform, at its line", () => {
    const root = tree({ ...base, "firmware/platform/moddable/manifest.json": platformManifest([]) });
    const problems = checkManifest(root);
    assert.deepEqual(
      problems.map((p) => `${p.platform} ${p.where}`),
      ["esp32 firmware/platform/moddable/mqtt.ts:1", "lin firmware/platform/moddable/mqtt.ts:1"],
    );
    assert.match(problems[0]!.detail, /module "mqtt" is not provided/);
  });

  it("reports a module only one platform provides", () => {
    const root = tree({
      ...base,
      "firmware/platform/moddable/manifest.json": platformManifest(["$(MODULES)/network/mqtt/manifest.json"]),
      "firmware/platform/moddable/ota.ts": 'import OTA from "ota";\nexport const o = OTA;\n',
    });
    const withOta = tree({
      ...base,
      "firmware/platform/moddable/ota.ts": 'import OTA from "ota";\nexport const o = OTA;\n',
      "firmware/platform/moddable/manifest.json": platformManifest(["$(MODULES)/network/mqtt/manifest.json"], {
        platforms: { esp32: { include: ["$(MODDABLE)/build/devices/esp32/modules/ota/manifest.json"] } },
      }),
    });
    assert.deepEqual(checkManifest(root).map((p) => p.platform), ["esp32", "lin"]);
    assert.deepEqual(checkManifest(withOta).map((p) => `${p.platform} ${p.detail}`), ['lin module "ota" is not provided by the manifests (app hello)']);
  });

  it("reports a reachable firmware file outside the mapped directories", () => {
    const root = tree({
      ...base,
      "firmware/platform/moddable/manifest.json": platformManifest(["$(MODULES)/network/mqtt/manifest.json"]),
      "firmware/protocol/bytes.ts": 'export { deep } from "./rainmaker/deep";\nexport const utf8 = 1;\n',
      "firmware/protocol/rainmaker/deep.ts": "export const deep = 2;\n",
    });
    const problems = checkManifest(root);
    assert.deepEqual(
      problems.map((p) => `${p.platform} ${p.where} ${p.detail}`),
      ["esp32", "lin"].map((platform) => `${platform} firmware/protocol/rainmaker/ not mapped as modules (apps hello); add "firmware/protocol/rainmaker/*": "./firmware/protocol/rainmaker/*" to a manifest`),
    );
  });

  it("reports an SDK include it has no table entry for", () => {
    const root = tree({ ...base, "firmware/platform/moddable/manifest.json": platformManifest(["$(MODULES)/network/mqtt/manifest.json", "$(MODULES)/unknown/manifest.json"]) });
    assert.ok(checkManifest(root).some((p) => /unknown\/manifest.json is not in the SDK table/.test(p.detail)));
  });

  it("counts value imports and export-from, not import type", () => {
    const root = tree({ "a.ts": 'import type { A } from "x";\nimport { type B } from "y";\nexport { c } from "z";\nexport type { D } from "w";\n' });
    assert.deepEqual(runtimeImports(join(root, "a.ts")).map((e) => e.specifier), ["y", "z"]);
  });

  it("passes on the repository itself (exit 0)", function () {
    this.timeout(60_000);
    const run = spawnSync("npx", ["tsx", "scripts/check-manifest.ts"], { cwd: REPO, encoding: "utf8", env: { ...process.env, MODDABLE: "" } });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /manifest coverage: ok/);
  });
});

/** `xs-rainmaker flash` / `build` preflight: each missing piece gives its own clear line and a non-zero exit. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { preflight, sdkBinDir } from "../../scripts/moddable/preflight";
import { makeFakeModdableSdk } from "../helpers/fake-moddable-sdk";

const REPO = resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "xsr-preflight-"));

function fakeSdk(withTools: boolean): string {
  return makeFakeModdableSdk(mkdtempSync(join(scratch, "sdk-")), withTools);
}

function cli(args: string[], env: Record<string, string | undefined>): { status: number | null; out: string; err: string } {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const run = spawnSync("npx", ["tsx", "scripts/cli/main.ts", ...args], { cwd: REPO, env: merged, encoding: "utf8", timeout: 60_000 });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

after(() => rmSync(scratch, { recursive: true, force: true }));

describe("moddable preflight", () => {
  const tsc6 = (): string => "Version 6.0.3";

  it("passes with an SDK, IDF, tsc 6 and an existing app, and puts the SDK tools and APP in the environment", () => {
    const sdk = fakeSdk(true);
    const result = preflight({ repoRoot: REPO, target: "esp32", app: "hello", env: { MODDABLE: sdk, IDF_PATH: scratch, PATH: "/usr/bin" }, tscVersion: tsc6 });
    assert.deepEqual(result.problems, []);
    assert.equal(result.mcconfig, join(sdkBinDir(sdk), "mcconfig"));
    assert.equal(result.env["APP"], "hello");
    assert.ok(result.env["PATH"]!.split(":").includes(sdkBinDir(sdk)));
    assert.ok(result.env["PATH"]!.startsWith(join(REPO, "node_modules", ".bin")));
  });

  it("names each missing piece", () => {
    const result = preflight({ repoRoot: REPO, target: "esp32", app: "no-such-app", env: { PATH: "/usr/bin" }, tscVersion: () => undefined });
    assert.equal(result.problems.length, 4);
    assert.match(result.problems[0]!, /MODDABLE is not set/);
    assert.match(result.problems[1]!, /IDF_PATH is not set/);
    assert.match(result.problems[2]!, /tsc is not on PATH/);
    assert.match(result.problems[3]!, /no app "no-such-app".*available: .*hello/);
  });

  it("rejects TypeScript 5 and an SDK without built host tools; lin needs no IDF", () => {
    const result = preflight({ repoRoot: REPO, target: "lin", app: "hello", env: { MODDABLE: fakeSdk(false) }, tscVersion: () => "Version 5.9.3" });
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0]!, /host tools are not built/);
    assert.match(result.problems[1]!, /5\.9\.3 found, but mcconfig needs TypeScript >= 6/);
  });

  it("refuses app names that are paths", () => {
    const result = preflight({ repoRoot: REPO, target: "lin", app: "../hello", env: { MODDABLE: fakeSdk(true) }, tscVersion: tsc6 });
    assert.deepEqual(result.problems.map((p) => /no app/.test(p)), [true]);
  });
});

describe("xs-rainmaker flash / build on a machine without ESP-IDF", function () {
  this.timeout(120_000); // each case starts the CLI (all command modules) with npx tsx
  it("flash prints the IDF_PATH message and exits non-zero without running mcconfig", () => {
    const run = cli(["flash", "--app", "hello", "--port", "/dev/ttyUSB0"], { MODDABLE: fakeSdk(true), IDF_PATH: undefined });
    assert.notEqual(run.status, 0);
    assert.match(run.err, /flash: IDF_PATH is not set/);
    assert.doesNotMatch(run.out, /mcconfig/);
  });

  it("flash without MODDABLE says so", () => {
    const run = cli(["flash", "--app", "hello"], { MODDABLE: undefined, IDF_PATH: undefined });
    assert.notEqual(run.status, 0);
    assert.match(run.err, /flash: MODDABLE is not set/);
  });

  it("build --target lin --dry-run prints the mcconfig command; a bad target is refused", () => {
    const sdk = fakeSdk(true);
    const ok = cli(["build", "--target", "lin", "--app", "hello", "--dry-run"], { MODDABLE: sdk });
    assert.equal(ok.status, 0, ok.err);
    assert.match(ok.out, new RegExp(`APP=hello .*mcconfig -m -p lin -t build .*manifest\\.json`));
    const bad = cli(["build", "--target", "esp8266"], { MODDABLE: sdk });
    assert.notEqual(bad.status, 0);
    assert.match(bad.err, /--target must be lin or esp32/);
  });
});

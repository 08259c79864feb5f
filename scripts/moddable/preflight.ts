/**
 * Checks before calling the Moddable SDK's `mcconfig` for `xs-rainmaker flash` / `build`:
 * the user's SDK install (MODDABLE, host tools), ESP-IDF for device builds (IDF_PATH), a
 * TypeScript >= 6 on PATH (mcconfig runs `tsc` with lib es2025 [shared/spec/moddable.md sec. 3]),
 * and the chosen app. Each failure says what to do.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

export type BuildTarget = "esp32" | "lin";

export interface PreflightInput {
  repoRoot: string;
  target: BuildTarget;
  app: string;
  env: NodeJS.ProcessEnv;
  /** `tsc --version` output for a PATH, or undefined when tsc cannot run (injected in tests). */
  tscVersion?: (path: string) => string | undefined;
}

export interface PreflightResult {
  problems: string[];
  /** Environment for mcconfig: PATH with the SDK tools and the project's tsc, APP, MODDABLE. */
  env: NodeJS.ProcessEnv;
  mcconfig: string;
}

/** Host tool directory of an SDK checkout for this OS. */
export function sdkBinDir(moddable: string): string {
  const os = process.platform === "darwin" ? "mac" : process.platform === "win32" ? "win" : "lin";
  return join(moddable, "build", "bin", os, "release");
}

/** Apps under firmware/examples that have a main.ts and a manifest.json. */
export function listApps(repoRoot: string): string[] {
  const dir = join(repoRoot, "firmware", "examples");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, "main.ts")) && existsSync(join(dir, name, "manifest.json"))).sort();
}

function defaultTscVersion(path: string): string | undefined {
  const run = spawnSync("tsc", ["--version"], { env: { ...process.env, PATH: path }, encoding: "utf8", shell: process.platform === "win32" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

export function preflight(input: PreflightInput): PreflightResult {
  const { env, repoRoot, target, app } = input;
  const problems: string[] = [];
  const moddable = env["MODDABLE"];
  let mcconfig = "mcconfig";
  const pathParts = [join(repoRoot, "node_modules", ".bin")];

  if (!moddable) {
    problems.push("MODDABLE is not set: install the Moddable SDK (its documentation/Moddable SDK - Getting Started.md) and `export MODDABLE=/path/to/moddable`.");
  } else if (!existsSync(join(moddable, "tools", "mcconfig.js")) && !existsSync(join(moddable, "tools", "VERSION"))) {
    problems.push(`MODDABLE=${moddable} is not a Moddable SDK checkout (no tools/VERSION).`);
  } else {
    const bin = sdkBinDir(moddable);
    mcconfig = join(bin, "mcconfig");
    pathParts.push(bin);
    if (!existsSync(mcconfig)) problems.push(`the SDK host tools are not built (${mcconfig} missing): run \`cd $MODDABLE/build/makefiles/lin && make\`.`);
  }

  if (target === "esp32") {
    const idf = env["IDF_PATH"];
    if (!idf) problems.push("IDF_PATH is not set: install ESP-IDF v6.0 (the version the SDK's build/devices/esp32 expects) and run `. $IDF_PATH/export.sh`.");
    else if (!existsSync(idf)) problems.push(`IDF_PATH=${idf} does not exist.`);
  }

  const path = [...pathParts, env["PATH"] ?? ""].join(delimiter);
  const version = (input.tscVersion ?? defaultTscVersion)(path);
  const major = version ? Number(/(\d+)\.\d+/.exec(version)?.[1]) : NaN;
  if (!version) problems.push("tsc is not on PATH: mcconfig compiles TypeScript with it; run `npm install` in the project (it brings TypeScript 6).");
  else if (!(major >= 6)) problems.push(`${version} found, but mcconfig needs TypeScript >= 6 (its generated tsconfig uses lib/target es2025).`);

  const apps = listApps(repoRoot);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(app) || !apps.includes(app)) {
    problems.push(`no app "${app}" under firmware/examples (needs main.ts and manifest.json); available: ${apps.join(", ") || "none"}.`);
  }

  return { problems, mcconfig, env: { ...env, PATH: path, APP: app } };
}

/**
 * Manifest coverage check: every module a Moddable build of the firmware loads at run time must be
 * listed in the manifests, or the app fails on the board with `module "x" not found` although tsc
 * was happy (shared/spec/moddable.md, Preference on lin). For each target platform (esp32, lin):
 * - every non-type import of a Moddable module in firmware/platform/moddable is provided by an
 *   included SDK manifest (table below) or by a `modules` entry of our manifests;
 * - every firmware file reachable through relative imports from the platform and the example apps
 *   is mapped by a `modules` entry under a specifier that mirrors its path (that is how XS resolves
 *   `./x` between modules of a build).
 * With `MODDABLE` set to an SDK checkout, the SDK table is also compared with the SDK's own manifests.
 * Usage: `tsx scripts/check-manifest.ts [rootDir]`. Prints one line per problem; exit 1 if any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export type TargetPlatform = "esp32" | "lin";
export const TargetPlatforms: readonly TargetPlatform[] = Object.freeze(["esp32", "lin"]);

/**
 * Runtime module specifiers each SDK manifest brings (Moddable SDK 8.2.3; from the manifests
 * named in shared/spec/moddable.md sections 1-2). `all` applies to every platform.
 */
export const SdkManifestModules: Readonly<Record<string, Readonly<Partial<Record<TargetPlatform | "all", readonly string[]>>>>> = Object.freeze({
  "$(MODDABLE)/examples/manifest_base.json": { all: ["timer", "time", "Resource"] },
  "$(MODDABLE)/examples/manifest_net.json": { all: ["net", "socket", "sntp"], esp32: ["setup/network", "embedded:network/interface/wifi"], lin: ["wifi"] },
  "$(MODULES)/files/preference/manifest.json": { all: ["preference"] },
  "$(MODULES)/crypt/tls.json": {
    all: ["securesocket", "ssl/session", "crypt", "bin", "ber", "curve", "dsa", "ecdsa", "gcm", "hmac", "pkcs1_5", "pkcs1", "pkcs8", "rng", "rsa", "x509", "ec", "ecp", "modular", "mont", "socket"],
  },
  "$(MODULES)/network/mqtt/manifest.json": { all: ["mqtt", "websocket", "net", "socket", "sntp"] },
  "$(MODULES)/network/http/manifest.json": { all: ["http", "socket"] },
  "$(MODULES)/network/ble/manifest_server.json": { all: ["bleserver", "btutils", "gap", "gapwhitelist", "sm"] },
  "$(MODDABLE)/modules/io/manifest.json": { all: ["system"] },
  "$(MODULES)/network/wifi/manifest.json": { all: ["wifi"] },
  "$(MODDABLE)/build/devices/esp32/modules/ota/manifest.json": { esp32: ["ota"] },
});

/** Specifiers mcconfig itself provides: `mc/config` always, `mc/ffi` when a manifest has `ffi`. */
const ToolModules = Object.freeze(["mc/config", "mc/ffi"]);

interface Manifest {
  build?: Record<string, string>;
  include?: string | string[];
  modules?: Record<string, string | string[]>;
  platforms?: Record<string, Manifest & { error?: string }>;
}

export interface Coverage {
  /** Specifiers available at run time. */
  provided: Set<string>;
  /** SDK manifests included that are not in {@link SdkManifestModules}. */
  unknownIncludes: string[];
  /** Local manifests that could not be read. */
  missingManifests: string[];
}

const SourceExtensions = [".ts", ".js"];

function asArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function substitute(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\(([A-Z_]+)\)/g, (whole, name: string) => variables[name] ?? whole);
}

/** Source files (not .d.ts) a `modules` path matches: `dir/*` lists the directory, else one file. */
function matchSources(pattern: string): string[] {
  if (pattern.endsWith("*")) {
    const dir = pattern.slice(0, -1);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
    return readdirSync(dir)
      .filter((f) => SourceExtensions.some((e) => f.endsWith(e)) && !f.endsWith(".d.ts"))
      .map((f) => join(dir, f));
  }
  return SourceExtensions.map((e) => pattern + e).filter((f) => existsSync(f));
}

function stripExtension(file: string): string {
  return file.replace(/\.(ts|js)$/, "");
}

/** Specifiers declared by one `modules` map (paths relative to `base`). */
function modulesOf(map: Record<string, string | string[]>, base: string, variables: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [target, sources] of Object.entries(map)) {
    if (target === "~") continue;
    for (const source of asArray(sources)) {
      const resolved = substitute(source, variables);
      if (resolved.includes("$(")) continue;
      const full = resolve(base, resolved);
      if (target === "*") {
        for (const file of matchSources(full)) out.push(stripExtension(file.slice(file.lastIndexOf(sep) + 1)));
      } else if (target.endsWith("*")) {
        for (const file of matchSources(full)) out.push(target.slice(0, -1) + stripExtension(file.slice(file.lastIndexOf(sep) + 1)));
      } else {
        out.push(target);
      }
    }
  }
  return out;
}

/** Build variables mcconfig defines for an SDK checkout. */
function sdkVariables(sdk: string): Record<string, string> {
  return { MODDABLE: sdk, MODULES: join(sdk, "modules"), BUILD: join(sdk, "build"), BUILD_SIMULATOR: join(sdk, "build", "simulators") };
}

function platformSection(manifest: Manifest, platform: TargetPlatform): (Manifest & { error?: string }) | undefined {
  const platforms = manifest.platforms ?? {};
  return platforms[platform] ?? platforms["..."];
}

/** Expands a manifest and its includes for `platform`; SDK manifests come from the table unless `sdkRoot` is given. */
export function coverage(manifestFile: string, platform: TargetPlatform, options: { app?: string; sdkRoot?: string } = {}): Coverage {
  const result: Coverage = { provided: new Set(ToolModules), unknownIncludes: [], missingManifests: [] };
  const seen = new Set<string>();
  const sdk = options.sdkRoot;
  const baseVariables: Record<string, string> = { PLATFORM: platform, APP: options.app ?? "hello" };
  if (sdk) Object.assign(baseVariables, sdkVariables(sdk));

  const visit = (file: string, variables: Record<string, string>): void => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(key, "utf8")) as Manifest;
    } catch {
      result.missingManifests.push(file);
      return;
    }
    const base = dirname(key);
    const section = platformSection(manifest, platform);
    const vars = { ...variables };
    for (const build of [manifest.build, section?.build]) {
      for (const [name, value] of Object.entries(build ?? {})) {
        const bare = name.replace(/\s*\?=$/, "");
        if (name.endsWith("?=") && vars[bare] !== undefined) continue;
        vars[bare] = substitute(value, vars);
      }
    }
    for (const spec of [...modulesOf(manifest.modules ?? {}, base, vars), ...modulesOf(section?.modules ?? {}, base, vars)]) result.provided.add(spec);
    for (const include of [...asArray(manifest.include), ...asArray(section?.include)]) {
      const table = SdkManifestModules[include];
      if (!sdk && include.startsWith("$(")) {
        if (!table) {
          result.unknownIncludes.push(include);
          continue;
        }
        for (const spec of [...(table.all ?? []), ...(table[platform] ?? [])]) result.provided.add(spec);
        continue;
      }
      visit(resolve(base, substitute(include, vars)), vars);
    }
  };
  visit(manifestFile, baseVariables);
  return result;
}

export interface ImportEdge { file: string; specifier: string; line: number }

/** Imports that survive compilation (`import type` and `export type` are erased). */
export function runtimeImports(file: string): ImportEdge[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) specifier = statement.moduleSpecifier;
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier)) {
      edges.push({ file, specifier: specifier.text, line: source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1 });
    }
  }
  return edges;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(dir, e.name));
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}.js`, join(base, "index.ts")]) if (existsSync(candidate)) return candidate;
  return undefined;
}

export interface Problem { platform: TargetPlatform; where: string; detail: string }

/** Runs the whole check for one repository root. */
export function checkManifest(root: string, options: { sdkRoot?: string } = {}): Problem[] {
  const problems: Problem[] = [];
  const manifestFile = join(root, "manifest.json");
  if (!existsSync(manifestFile)) return [{ platform: "esp32", where: "manifest.json", detail: "missing" }];
  const platformDir = join(root, "firmware", "platform", "moddable");
  const examplesDir = join(root, "firmware", "examples");
  const apps = existsSync(examplesDir) ? readdirSync(examplesDir).filter((d) => existsSync(join(examplesDir, d, "main.ts"))) : [];
  const rel = (file: string): string => relative(root, file).split(sep).join("/");

  for (const platform of TargetPlatforms) {
    for (const app of apps.length > 0 ? apps : ["hello"]) {
      const cover = coverage(manifestFile, platform, { app, ...options });
      for (const m of cover.missingManifests) problems.push({ platform, where: rel(m), detail: `manifest not readable (app ${app})` });
      for (const inc of cover.unknownIncludes) problems.push({ platform, where: "manifest", detail: `include ${inc} is not in the SDK table of scripts/check-manifest.ts` });
      const roots = [...sourceFiles(platformDir), ...sourceFiles(join(examplesDir, app))];
      const queue = [...roots];
      const visited = new Set<string>();
      while (queue.length > 0) {
        const file = queue.shift()!;
        if (visited.has(file)) continue;
        visited.add(file);
        if (!rel(file).startsWith("firmware/platform/moddable/sim/")) {
          const specifier = stripExtension(rel(file));
          if (!cover.provided.has(specifier)) problems.push({ platform, where: rel(file), detail: `not mapped as module "${specifier}" (app ${app})` });
        }
        for (const edge of runtimeImports(file)) {
          if (edge.specifier.startsWith(".")) {
            const target = resolveRelative(file, edge.specifier);
            if (!target) problems.push({ platform, where: `${rel(file)}:${edge.line}`, detail: `cannot resolve ${edge.specifier}` });
            else queue.push(target);
          } else if (!cover.provided.has(edge.specifier)) {
            problems.push({ platform, where: `${rel(file)}:${edge.line}`, detail: `module "${edge.specifier}" is not provided by the manifests (app ${app})` });
          }
        }
      }
    }
  }
  return summarise(problems);
}

/**
 * One line per unmapped directory (naming the apps and a fix) instead of one per file and app;
 * other problems once each.
 */
function summarise(problems: Problem[]): Problem[] {
  const out = new Map<string, Problem>();
  const unmapped = new Map<string, { platform: TargetPlatform; dir: string; apps: Set<string> }>();
  for (const p of problems) {
    const m = /^not mapped as module "(.+)\/[^/]+" \(app (.+)\)$/.exec(p.detail);
    if (m) {
      const key = `${p.platform} ${m[1]}`;
      const entry = unmapped.get(key) ?? { platform: p.platform, dir: m[1]!, apps: new Set<string>() };
      entry.apps.add(m[2]!);
      unmapped.set(key, entry);
      continue;
    }
    out.set(`${p.platform} ${p.where} ${p.detail}`, p);
  }
  for (const { platform, dir, apps } of unmapped.values()) {
    out.set(`${platform} ${dir}`, { platform, where: `${dir}/`, detail: `not mapped as modules (apps ${[...apps].sort().join(", ")}); add "${dir}/*": "./${dir}/*" to a manifest` });
  }
  return [...out.values()];
}

/** With an SDK checkout: the table's specifiers must really come from each SDK manifest. */
export function checkSdkTable(sdkRoot: string): string[] {
  const out: string[] = [];
  for (const [include, table] of Object.entries(SdkManifestModules)) {
    for (const platform of TargetPlatforms) {
      const expected = [...(table.all ?? []), ...(table[platform] ?? [])];
      const file = substitute(include, sdkVariables(sdkRoot));
      const real = coverage(file, platform, { sdkRoot });
      for (const spec of expected) if (!real.provided.has(spec)) out.push(`${include} (${platform}) does not provide "${spec}"`);
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = resolve(process.argv[2] ?? ".");
  const sdkRoot = process.env["MODDABLE"];
  const problems = checkManifest(root);
  for (const p of problems) process.stdout.write(`${p.platform}: ${p.where}: ${p.detail}\n`);
  const tableProblems = sdkRoot && existsSync(join(sdkRoot, "tools", "VERSION")) ? checkSdkTable(sdkRoot) : [];
  for (const line of tableProblems) process.stdout.write(`sdk table: ${line}\n`);
  const count = problems.length + tableProblems.length;
  process.stdout.write(count === 0 ? "manifest coverage: ok\n" : `manifest coverage: ${count} problem(s)\n`);
  process.exit(count === 0 ? 0 : 1);
}

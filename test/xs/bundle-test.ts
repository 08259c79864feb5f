/**
 * Bundles one test file for XS with esbuild: node:assert -> our shim, test/helpers/crypto-port ->
 * the XS crypto bridge, mocha globals from xs-entry. Files that need Node (node:* imports, npm
 * packages other than fast-check) come back as `skip`; firmware importing such things is an error.
 */
import { build } from "esbuild";
import type { Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join, relative, resolve, sep } from "node:path";

export type BundleResult =
  | { kind: "ok"; code: string; bytes: number }
  | { kind: "skip"; reason: string }
  | { kind: "error"; message: string };

const SHIMS = resolve(import.meta.dirname, "shims");
const ASSERT_SPECIFIER = /^(node:)?assert(\/strict)?$/;
/** npm packages a test may bundle into XS (with their own dependencies): pure JS with no host dependency. */
const XS_SAFE_PACKAGES = Object.freeze(["fast-check"]);
const NODE_BUILTINS = new Set(builtinModules);
/**
 * fast-check captures setTimeout/clearTimeout at load time (only used for its optional time limits).
 * XS has no timers, so inside fast-check's own modules these are inert stubs; firmware and tests
 * still see no setTimeout global.
 */
const INERT_TIMERS = "const setTimeout = () => 0, clearTimeout = () => undefined;\n";
const FAST_CHECK_FILE = /[\\/]node_modules[\\/]fast-check[\\/].*\.js$/;

interface ForeignImport { specifier: string; importer: string }

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function xsPlugin(root: string, foreign: ForeignImport[]): Plugin {
  const cryptoHelper = join(root, "test", "helpers", "crypto-port");
  return {
    name: "xs-rainmaker",
    setup(b) {
      b.onResolve({ filter: ASSERT_SPECIFIER }, () => ({ path: join(SHIMS, "assert.ts") }));
      b.onResolve({ filter: /^mocha$/ }, () => ({ path: join(SHIMS, "mocha-globals.ts") }));
      b.onResolve({ filter: /crypto-port$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        return target === cryptoHelper ? { path: join(SHIMS, "crypto-port.ts") } : undefined;
      });
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = packageName(args.path);
        const isNode = args.path.startsWith("node:") || NODE_BUILTINS.has(name);
        const fromPackage = args.importer.split(sep).includes("node_modules");
        if (!isNode && (XS_SAFE_PACKAGES.includes(name) || fromPackage)) return undefined;
        foreign.push({ specifier: isNode && !args.path.startsWith("node:") ? `node:${args.path}` : args.path, importer: relative(root, args.importer) });
        return { path: args.path, external: true };
      });
      b.onLoad({ filter: FAST_CHECK_FILE }, async (args) => ({
        contents: INERT_TIMERS + (await readFile(args.path, "utf8")),
        loader: "js",
      }));
    },
  };
}

function describeForeign(testFile: string, foreign: ForeignImport[]): BundleResult | undefined {
  const firmware = foreign.filter((f) => f.importer.startsWith(`firmware${sep}`));
  const moddable = firmware.filter((f) => f.importer.startsWith(join("firmware", "platform", "moddable") + sep));
  const misplaced = firmware.filter((f) => !moddable.includes(f));
  if (misplaced.length) {
    return { kind: "error", message: misplaced.map((f) => `firmware module ${f.importer} imports ${f.specifier}, which does not exist on XS`).join("\n") };
  }
  if (moddable.length) return { kind: "skip", reason: `imports Moddable module ${moddable[0]!.specifier} (via ${moddable[0]!.importer})` };
  const first = foreign[0];
  if (!first) return undefined;
  const what = first.specifier.startsWith("node:") ? first.specifier : `npm package ${packageName(first.specifier)}`;
  const via = first.importer === testFile ? "" : ` via ${first.importer}`;
  return { kind: "skip", reason: `imports ${what}${via}` };
}

/** Bundles `testFile` (absolute) with the XS prelude into one script for `evaluate`. */
export async function bundleTest(root: string, testFile: string): Promise<BundleResult> {
  const foreign: ForeignImport[] = [];
  const contents = [join(SHIMS, "xs-entry.ts"), testFile].map((f) => `import ${JSON.stringify(f)};`).join("\n");
  try {
    const result = await build({
      stdin: { contents, resolveDir: root, sourcefile: "xs-test-entry.ts", loader: "ts" },
      bundle: true,
      write: false,
      format: "iife",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["import", "default"],
      logLevel: "silent",
      plugins: [xsPlugin(root, foreign)],
    });
    const problem = describeForeign(relative(root, testFile), foreign);
    if (problem) return problem;
    const code = result.outputFiles[0]!.text;
    return { kind: "ok", code, bytes: result.outputFiles[0]!.contents.byteLength };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const message = errors?.length
      ? errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ""}${e.text}`).join("\n")
      : String(error);
    return { kind: "error", message: `bundle error: ${message}` };
  }
}

/**
 * Layer checker (ARCHITECTURE.md "Layer rules"): parses every .ts file under firmware/, host-sim/
 * and cloud-stub/ with the TypeScript parser and reports forbidden imports, runtime exports from
 * ports, and Node/DOM globals in device code, as `file:line: rule: detail`.
 * Usage: `tsx scripts/check-layers.ts [rootDir]` (default: the repository). Exit 1 on any violation.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { builtinModules } from "node:module";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export interface Violation { file: string; line: number; rule: string; detail: string }

/** Module specifiers of the Moddable SDK runtime (shared/spec/moddable.md sections 2 and 4); `embedded:*` and `mc/*` too. */
export const ModdableSpecifiers = Object.freeze([
  "timer", "time", "wifi", "net", "mqtt", "mqtt/js", "http", "socket", "securesocket", "preference", "flash", "ota",
  "bleserver", "bleclient", "btutils", "gap", "gatt", "sm", "sntp", "dns", "mdns", "websocket", "web/websocket", "crypt", "gcm", "hmac",
  "ecdsa", "curve", "ec", "ecp", "modular", "mont", "rsa", "pkcs1", "pkcs1_5", "pkcs8", "x509", "ber", "bin",
  "rng", "crypt/transform", "structuredClone", "text/encoder", "text/decoder", "url", "headers", "base64", "hex",
  "crc", "deepEqual", "uuid", "worker", "instrumentation", "resource", "files", "file", "pins/digital", "pins/i2c",
  "pins/pwm", "pins/analog", "setup/network", "native", "debug", "config", "mc/config",
]);

const MODDABLE = new Set(ModdableSpecifiers);
const NODE_BUILTINS = new Set(builtinModules);
const isModdable = (spec: string): boolean => spec.startsWith("embedded:") || spec.startsWith("mc/") || MODDABLE.has(spec);

/**
 * Globals device code must not touch: Node (Buffer, process, require), DOM/web, timers (time comes
 * from the clock port [ARCHITECTURE.md Layer rules]), and what XS/Moddable lacks as a global
 * (structuredClone, TextEncoder/TextDecoder, console: shared/spec/moddable.md "Built-ins").
 */
export const ForbiddenGlobals = Object.freeze([
  "Buffer", "process", "require", "module", "__dirname", "__filename", "global",
  "document", "window", "navigator", "localStorage", "fetch", "XMLHttpRequest", "WebSocket",
  "TextEncoder", "TextDecoder", "structuredClone", "setTimeout", "setInterval", "setImmediate",
  "clearTimeout", "clearInterval", "clearImmediate", "queueMicrotask", "console", "crypto", "performance",
]);

type Layer =
  | "ports" | "protocol" | "core" | "crypto" | "drivers" | "platform" | "examples" | "firmware-other"
  | "host-adapters" | "host-fakes" | "host-top" | "host-other" | "cloud-stub";

const PURE_LAYERS: ReadonlySet<Layer> = new Set<Layer>(["ports", "protocol", "core", "crypto", "drivers", "host-fakes"]);
const FIRMWARE_LAYERS: ReadonlySet<Layer> = new Set<Layer>(["ports", "protocol", "core", "crypto", "drivers", "platform", "examples", "firmware-other"]);

/** Firmware layers each layer may import (relative imports), and whether ports imports must be type-only (always). */
const ALLOWED_FIRMWARE_IMPORTS: Readonly<Record<string, readonly Layer[]>> = Object.freeze({
  ports: ["ports"],
  protocol: ["ports", "protocol"],
  core: ["ports", "protocol", "crypto", "core"],
  crypto: ["ports", "crypto", "protocol"],
  drivers: ["core", "ports", "drivers"],
  "host-fakes": ["ports", "protocol", "crypto", "core"],
  "cloud-stub": ["protocol", "ports"],
});

function layerOf(path: string): Layer | undefined {
  const p = `${path.split(sep).join("/")}/`;
  const sub = (prefix: string) => p.startsWith(prefix);
  if (sub("firmware/ports/")) return "ports";
  if (sub("firmware/protocol/")) return "protocol";
  if (sub("firmware/core/")) return "core";
  if (sub("firmware/crypto/")) return "crypto";
  if (sub("firmware/drivers/")) return "drivers";
  if (sub("firmware/platform/moddable/")) return "platform";
  if (sub("firmware/examples/")) return "examples";
  if (sub("firmware/")) return "firmware-other";
  if (sub("host-sim/adapters/")) return "host-adapters";
  if (sub("host-sim/fakes/")) return "host-fakes";
  if (/^host-sim\/[^/]+\/$/.test(p)) return "host-top";
  if (sub("host-sim/")) return "host-other";
  if (sub("cloud-stub/")) return "cloud-stub";
  return undefined;
}

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listTs(full));
    else if (/\.(ts|mts|cts|tsx)$/.test(entry)) out.push(full);
  }
  return out;
}

interface ImportSite { spec: string; typeOnly: boolean; node: ts.Node; kind: "import" | "export" | "require" | "dynamic" }

function collectImports(sf: ts.SourceFile): ImportSite[] {
  const sites: ImportSite[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      sites.push({ spec: node.moduleSpecifier.text, typeOnly, node, kind: "import" });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const typeOnly = node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly));
      sites.push({ spec: node.moduleSpecifier.text, typeOnly, node, kind: "export" });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      sites.push({ spec: node.moduleReference.expression.text, typeOnly: node.isTypeOnly, node, kind: "require" });
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const spec = (node.arguments[0] as ts.StringLiteralLike).text;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) sites.push({ spec, typeOnly: false, node, kind: "dynamic" });
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require") sites.push({ spec, typeOnly: false, node, kind: "require" });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      sites.push({ spec: node.argument.literal.text, typeOnly: true, node, kind: "import" });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites;
}

/** Names declared anywhere in the file (a local declaration shadows the global of the same name). */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && node.name) addBinding(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) names.add(node.name.text);
    else if (ts.isImportClause(node) && node.name) names.add(node.name.text);
    else if (ts.isNamespaceImport(node) || ts.isImportSpecifier(node) || ts.isImportEqualsDeclaration(node)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** True when `id` is a value/type reference by name (not a property name, member or declaration name). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) ||
    ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) ||
    ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) ||
    ts.isTypeParameterDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && (p.propertyName === id || p.name === id)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isJsxAttribute(p) || ts.isMetaProperty(p)) return false;
  return true;
}

function checkGlobals(sf: ts.SourceFile, layer: Layer, report: Report): void {
  const declared = declaredNames(sf);
  const forbidden = new Set(ForbiddenGlobals.filter((g) => !declared.has(g)));
  const allowDateNow = layer === "platform";
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && forbidden.has(node.text) && isReference(node)) {
      report(node, "forbidden-global", `${node.text} is not available on the device (use a port)`);
    } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const target = node.expression;
      const member = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
      if (ts.isIdentifier(target) && target.text === "Date" && member === "now" && !declared.has("Date") && !allowDateNow) {
        report(node, "forbidden-global", "Date.now: time comes from the clock port");
      } else if (ts.isIdentifier(target) && target.text === "globalThis" && member && ForbiddenGlobals.includes(member)) {
        report(node, "forbidden-global", `globalThis.${member} is not available on the device (use a port)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

function checkPortsExportsOnlyTypes(sf: ts.SourceFile, report: Report): void {
  const rule = "ports-types-only";
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isImportDeclaration(st)) continue;
    if (ts.isExportDeclaration(st)) {
      if (!st.moduleSpecifier && !st.isTypeOnly) {
        const els = st.exportClause && ts.isNamedExports(st.exportClause) ? st.exportClause.elements : [];
        if (els.some((e) => !e.isTypeOnly)) report(st, rule, "re-export of local names must be `export type { ... }`");
      }
      continue;
    }
    if (ts.isEmptyStatement(st)) continue;
    const hasDeclare = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
    if (hasDeclare) continue;
    const what = ts.isVariableStatement(st) ? "const/let/var" : ts.isFunctionDeclaration(st) ? "function" : ts.isClassDeclaration(st) ? "class"
      : ts.isEnumDeclaration(st) ? "enum" : ts.isExportAssignment(st) ? "export default/=" : ts.isModuleDeclaration(st) ? "namespace" : "statement";
    report(st, rule, `firmware/ports holds only types; found a runtime ${what}`);
  }
}

function packageOf(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

type Report = (node: ts.Node, rule: string, detail: string) => void;

function checkImport(site: ImportSite, root: string, file: string, layer: Layer, report: Report): void {
  const { spec } = site;
  const pure = PURE_LAYERS.has(layer);
  const firmware = FIRMWARE_LAYERS.has(layer);
  if (site.kind === "require" && (firmware || layer === "host-fakes")) report(site.node, "no-require", `require("${spec}") in device code`);
  const bare = !spec.startsWith(".") && !spec.startsWith("/");
  if (spec.startsWith("node:") || (bare && !isModdable(spec) && NODE_BUILTINS.has(packageOf(spec)))) {
    const mayUseNode = layer === "host-adapters" || layer === "host-top" || layer === "cloud-stub";
    if (!mayUseNode) {
      const where = layer.startsWith("host") ? "only host-sim/adapters and host-sim/*.ts import node:*" : "device code never imports node:*";
      report(site.node, "no-node", `${spec}: ${where}`);
    }
    return;
  }
  if (bare) {
    // Outside firmware a bare name such as "mqtt" is the npm package, not the Moddable module.
    if (!firmware && !pure) return;
    // In platform/moddable an unlisted bare name is a module from the app's manifest, unless npm installed it.
    const npmPackage = layer !== "platform" || existsSync(join(root, "node_modules", packageOf(spec)));
    if (isModdable(spec)) {
      if (layer !== "platform") report(site.node, "moddable-only-in-platform", `${spec}: only firmware/platform/moddable imports Moddable modules`);
    } else if (npmPackage) {
      report(site.node, "no-npm", `bare package "${packageOf(spec)}" in device code (no node_modules on XS)`);
    }
    return;
  }
  const target = relative(root, resolve(root, dirname(file), spec));
  const targetLayer = layerOf(target);
  if (!targetLayer || !FIRMWARE_LAYERS.has(targetLayer)) {
    if (firmware && !target.startsWith(`firmware${sep}`)) report(site.node, "firmware-self-contained", `${spec}: firmware imports only firmware/`);
    return;
  }
  if (targetLayer === "ports" && !site.typeOnly && layer !== "ports") {
    report(site.node, "ports-type-only-import", `${spec}: import ports with \`import type\` (ports export only types)`);
  }
  const allowed = ALLOWED_FIRMWARE_IMPORTS[layer];
  if (!allowed) return;
  if (!allowed.includes(targetLayer)) {
    const rule = layer === "cloud-stub" ? "cloud-stub-imports" : `${layer}-imports`;
    report(site.node, rule, `${spec} is firmware/${targetLayer}; ${layer} may import only ${allowed.map((l) => `firmware/${l}`).join(", ")}`);
    return;
  }
  if (layer === "drivers" && targetLayer === "ports" && !/^firmware[\\/]ports[\\/]io(\.ts)?$/.test(target)) {
    report(site.node, "drivers-imports", `${spec}: drivers import only core and ports/io types`);
  }
  const ownDriver = file.split(sep).slice(0, 3).join(sep) + sep;
  if (layer === "drivers" && targetLayer === "drivers" && !target.startsWith(ownDriver)) {
    report(site.node, "drivers-imports", `${spec}: a driver imports only its own folder, core and ports/io`);
  }
}

/** Checks the tree at `root`; returns every violation (file paths relative to root). */
export function checkLayers(root: string): Violation[] {
  const absRoot = resolve(root);
  const violations: Violation[] = [];
  const files = ["firmware", "host-sim", "cloud-stub"].flatMap((d) => listTs(join(absRoot, d)));
  for (const abs of files) {
    const file = relative(absRoot, abs);
    const layer = layerOf(file);
    if (!layer) continue;
    const sf = ts.createSourceFile(abs, readFileSync(abs, "utf8"), ts.ScriptTarget.ES2022, true);
    const report = (node: ts.Node, rule: string, detail: string): void => {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      violations.push({ file: file.split(sep).join("/"), line, rule, detail });
    };
    if (layer === "ports") checkPortsExportsOnlyTypes(sf, report);
    for (const site of collectImports(sf)) checkImport(site, absRoot, file, layer, report);
    if (PURE_LAYERS.has(layer) || layer === "platform" || layer === "examples" || layer === "firmware-other") checkGlobals(sf, layer, report);
  }
  return violations;
}

/** `file:line: rule: detail` */
export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: ${v.rule}: ${v.detail}`;
}

function main(): void {
  const root = process.argv[2] ?? resolve(import.meta.dirname, "..");
  const violations = checkLayers(root);
  for (const v of violations) process.stdout.write(`${formatViolation(v)}\n`);
  process.stdout.write(`layer check: ${violations.length} violation${violations.length === 1 ? "" : "s"}\n`);
  process.exitCode = violations.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

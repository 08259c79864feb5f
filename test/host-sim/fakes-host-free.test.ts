import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const FAKES = resolve(import.meta.dirname, "..", "..", "host-sim", "fakes");
/** Host APIs a fake must not touch, so a firmware bundle can carry it to XS. */
const Forbidden = Object.freeze([
  { what: "node:* import", pattern: /from\s+["']node:/ },
  { what: "npm import", pattern: /from\s+["'](?![./])(?!node:)[^"']+["']/ },
  { what: "Buffer", pattern: /\bBuffer\b/ },
  { what: "process", pattern: /\bprocess\./ },
  // a call, not a method signature such as `setInterval(callback: () => void, ms: number)`
  { what: "global timers", pattern: /(?<![.\w])(setTimeout|setInterval|setImmediate)\s*\((?![^)]*:)/ },
  { what: "Date.now", pattern: /\bDate\.now\b/ },
  { what: "TextEncoder/TextDecoder", pattern: /\bText(En|De)coder\b/ },
]);

describe("host-sim fakes stay free of host APIs", () => {
  const files = readdirSync(FAKES, { encoding: "utf8" }).filter((f) => f.endsWith(".ts"));

  it("finds the fakes", () => {
    assert.ok(files.length >= 8, files.join(", "));
  });

  for (const file of files) {
    it(file, () => {
      const source = readFileSync(join(FAKES, file), "utf8");
      for (const rule of Forbidden) assert.doesNotMatch(source, rule.pattern, `${file} uses ${rule.what}`);
    });
  }
});

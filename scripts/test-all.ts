/**
 * `npm test`: type-check (Node view and XS view), layer check, mocha, and the firmware tests on real XS.
 * Ends with one line `N passed, N failed` (each non-test step counts as one).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Step { name: string; cmd: string[]; counts?: boolean; when?: () => boolean }

const steps: Step[] = [
  { name: "type-check (tsc -b)", cmd: ["npx", "tsc", "-b"] },
  { name: "type-check firmware against Moddable typings", cmd: ["npx", "tsc", "-p", "firmware/tsconfig.xs.json", "--noEmit"], when: () => existsSync("firmware/tsconfig.xs.json") },
  { name: "manifest coverage", cmd: ["npx", "tsx", "scripts/check-manifest.ts"], when: () => existsSync("scripts/check-manifest.ts") },
  { name: "layer check", cmd: ["npx", "tsx", "scripts/check-layers.ts"], when: () => existsSync("scripts/check-layers.ts") },
  { name: "mocha", cmd: ["npx", "mocha", "--reporter", "test/helpers/count-reporter.cjs"], counts: true },
  { name: "firmware tests on XS (xsnap)", cmd: ["npx", "tsx", "test/xs/run-xs.ts"], counts: true, when: () => existsSync("test/xs/run-xs.ts") },
];

const dir = mkdtempSync(join(tmpdir(), "xsr-test-"));
let passed = 0;
let failed = 0;
const failures: string[] = [];
for (const [i, step] of steps.entries()) {
  if (step.when && !step.when()) continue;
  const stats = join(dir, `step-${i}.json`);
  process.stdout.write(`\n=== ${step.name}\n`);
  const r = spawnSync(step.cmd[0]!, step.cmd.slice(1), { stdio: "inherit", env: { ...process.env, XSR_STATS_FILE: stats } });
  if (step.counts && existsSync(stats)) {
    const s = JSON.parse(readFileSync(stats, "utf8")) as { passed: number; failed: number };
    passed += s.passed;
    failed += s.failed;
    if (s.failed > 0 || r.status !== 0) failures.push(step.name);
    if (r.status !== 0 && s.failed === 0) failed += 1;
  } else if (r.status === 0) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(step.name);
  }
}
rmSync(dir, { recursive: true, force: true });
if (failures.length) process.stdout.write(`\nfailed steps: ${failures.join(", ")}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

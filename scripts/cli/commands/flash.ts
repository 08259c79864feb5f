/**
 * `xs-rainmaker flash [--app lightbulb] [--port /dev/ttyUSB0]`: builds an example app with the
 * project's manifest.json and flashes it to an ESP32 (`mcconfig -d -m -p esp32`), after checking
 * the Moddable SDK, ESP-IDF, tsc and the app, with one clear line per missing piece.
 */
import type { Command } from "commander";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { preflight } from "../../moddable/preflight";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

interface FlashFlags {
  app: string;
  port?: string;
  release?: boolean;
  dryRun?: boolean;
}

export function register(program: Command): void {
  program
    .command("flash")
    .description("build an example app for ESP32 with the Moddable SDK and flash it (mcconfig -d -m -p esp32)")
    .option("--app <name>", "app under firmware/examples", "lightbulb")
    .option("--port <device>", "serial port of the board (UPLOAD_PORT), e.g. /dev/ttyUSB0")
    .option("--release", "release build (default: debug build that talks to xsbug)")
    .option("--dry-run", "run the checks and print the mcconfig command without running it")
    .action((flags: FlashFlags) => {
      const check = preflight({ repoRoot, target: "esp32", app: flags.app, env: process.env });
      if (check.problems.length > 0) {
        for (const problem of check.problems) process.stderr.write(`flash: ${problem}\n`);
        process.exitCode = 2;
        return;
      }
      const args = [...(flags.release ? [] : ["-d"]), "-m", "-p", "esp32", join(repoRoot, "manifest.json")];
      const env = flags.port ? { ...check.env, UPLOAD_PORT: flags.port } : check.env;
      process.stdout.write(`APP=${flags.app}${flags.port ? ` UPLOAD_PORT=${flags.port}` : ""} ${check.mcconfig} ${args.join(" ")}\n`);
      if (flags.dryRun) return;
      const run = spawnSync(check.mcconfig, args, { cwd: repoRoot, env, stdio: "inherit" });
      process.exitCode = run.status ?? 1;
    });
}

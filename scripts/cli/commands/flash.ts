/**
 * `xs-rainmaker flash [--app lightbulb] [--port /dev/ttyUSB0] [--credentials board.json]`: builds an
 * example app with the project's manifest.json and flashes it to an ESP32 (`mcconfig -d -m -p esp32`),
 * after checking the Moddable SDK, ESP-IDF, tsc and the app, with one clear line per missing piece.
 * With `--credentials` the board file of `xs-rainmaker claim --mac MAC --out board.json` is checked
 * field by field and built into the image as a resource (scripts/moddable/board-credentials.ts);
 * mcconfig then builds a generated manifest under `--build-dir` that includes the project manifest.
 */
import type { Command } from "commander";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkBoardFile, writeCredentialsBuild } from "../../moddable/board-credentials";
import { preflight } from "../../moddable/preflight";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

interface FlashFlags {
  app: string;
  port?: string;
  release?: boolean;
  dryRun?: boolean;
  credentials?: string;
  buildDir?: string;
}

/** Checks the board file and writes the generated build; the manifest path, or undefined after printing the problems. */
function credentialsBuild(flags: FlashFlags): string | undefined {
  const file = resolve(flags.credentials!);
  if (!existsSync(file)) {
    process.stderr.write(`flash: --credentials ${file} does not exist (write it with \`xs-rainmaker claim --mac MAC --out board.json\`)\n`);
    return undefined;
  }
  const check = checkBoardFile(readFileSync(file, "utf8"));
  if (!check.credentials) {
    for (const problem of check.problems) process.stderr.write(`flash: ${file}: ${problem}\n`);
    return undefined;
  }
  const creds = check.credentials;
  const dir = resolve(flags.buildDir ?? join(repoRoot, ".state", "flash", `${flags.app}-${creds.nodeId}`));
  const manifest = writeCredentialsBuild(dir, repoRoot, creds);
  process.stdout.write(`credentials: node ${creds.nodeId}, MQTT ${creds.mqttHost}:${creds.mqttPort}, built into the image from ${manifest}\n`);
  return manifest;
}

export function register(program: Command): void {
  program
    .command("flash")
    .description("build an example app for ESP32 with the Moddable SDK and flash it (mcconfig -d -m -p esp32)")
    .option("--app <name>", "app under firmware/examples", "lightbulb")
    .option("--port <device>", "serial port of the board (UPLOAD_PORT), e.g. /dev/ttyUSB0")
    .option("--release", "release build (default: debug build that talks to xsbug)")
    .option("--credentials <file>", "board credentials file from `xs-rainmaker claim --mac MAC --out FILE`, installed at first boot")
    .option("--build-dir <dir>", "where the generated credentials manifest goes (default .state/flash/<app>-<node id>)")
    .option("--dry-run", "run the checks, write the generated credentials manifest and print the mcconfig command without running it")
    .action((flags: FlashFlags) => {
      const manifest = flags.credentials ? credentialsBuild(flags) : join(repoRoot, "manifest.json");
      if (!manifest) {
        process.exitCode = 2;
        return;
      }
      const check = preflight({ repoRoot, target: "esp32", app: flags.app, env: process.env });
      if (check.problems.length > 0) {
        for (const problem of check.problems) process.stderr.write(`flash: ${problem}\n`);
        process.exitCode = 2;
        return;
      }
      const args = [...(flags.release ? [] : ["-d"]), "-m", "-p", "esp32", manifest];
      const env = flags.port ? { ...check.env, UPLOAD_PORT: flags.port } : check.env;
      process.stdout.write(`APP=${flags.app}${flags.port ? ` UPLOAD_PORT=${flags.port}` : ""} ${check.mcconfig} ${args.join(" ")}\n`);
      if (flags.dryRun) return;
      const run = spawnSync(check.mcconfig, args, { cwd: repoRoot, env, stdio: "inherit" });
      process.exitCode = run.status ?? 1;
    });
}

/**
 * `xs-rainmaker flash [--app lightbulb] [--port /dev/ttyUSB0] [--credentials board.json] [--ota-key KEY]`:
 * builds an example app with the project's manifest.json and flashes it to an ESP32
 * (`mcconfig -d -m -p esp32`), after checking the Moddable SDK, ESP-IDF, tsc and the app, with one
 * clear line per missing piece. With `--credentials` the board file of
 * `xs-rainmaker claim --mac MAC --out board.json` is checked field by field and built into the image
 * as a resource (scripts/moddable/board-credentials.ts); with `--ota-key` the image signing key goes
 * into `config.ota.publicKey` (scripts/moddable/ota-key-option.ts). Either way mcconfig then builds
 * a generated manifest under `--build-dir` that includes the project manifest.
 */
import type { Command } from "commander";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { imageManifest } from "../../moddable/image-options";
import { preflight } from "../../moddable/preflight";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

interface FlashFlags {
  app: string;
  port?: string;
  release?: boolean;
  dryRun?: boolean;
  credentials?: string;
  otaKey?: string;
  buildDir?: string;
}

const defaultBuildDir = (app: string, nodeId?: string): string => join(repoRoot, ".state", "flash", nodeId ? `${app}-${nodeId}` : app);

export function register(program: Command): void {
  program
    .command("flash")
    .description("build an example app for ESP32 with the Moddable SDK and flash it (mcconfig -d -m -p esp32)")
    .option("--app <name>", "app under firmware/examples", "lightbulb")
    .option("--port <device>", "serial port of the board (UPLOAD_PORT), e.g. /dev/ttyUSB0")
    .option("--release", "release build (default: debug build that talks to xsbug)")
    .option("--credentials <file>", "board credentials file from `xs-rainmaker claim --mac MAC --out FILE`, installed at first boot")
    .option("--ota-key <hex-or-file>", "OTA image signing public key (hex, or a file such as ota-public-key.txt of `xs-rainmaker ota keygen`) for config.ota.publicKey; without it the board takes no updates")
    .option("--build-dir <dir>", "where the generated manifest goes (default .state/flash/<app>[-<node id>])")
    .option("--dry-run", "run the checks, write the generated manifest and print the mcconfig command without running it")
    .action((flags: FlashFlags) => {
      const manifest = imageManifest("flash", repoRoot, flags, defaultBuildDir);
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

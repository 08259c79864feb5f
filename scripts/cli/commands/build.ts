/**
 * `xs-rainmaker build --target lin|esp32 [--app hello] [--out dir] [--ota-key KEY] [--credentials FILE]`: builds an
 * example app with the project's manifest.json (`mcconfig -m -p <target> -t build`), without
 * launching or flashing. `lin` builds mc.so for the SDK's simulator (mcsim); `esp32` needs ESP-IDF.
 * With `--ota-key` or `--credentials` mcconfig builds a generated manifest (in `--build-dir`) that
 * includes the project manifest, sets `config.ota.publicKey` and carries the board credentials
 * (scripts/moddable/image-options.ts).
 */
import type { Command } from "commander";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { imageManifest } from "../../moddable/image-options";
import { preflight, type BuildTarget } from "../../moddable/preflight";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

interface BuildFlags {
  target: string;
  app: string;
  out?: string;
  debug?: boolean;
  dryRun?: boolean;
  otaKey?: string;
  credentials?: string;
  buildDir?: string;
}

export function register(program: Command): void {
  program
    .command("build")
    .description("build an example app with the Moddable SDK (mcconfig -m -p <target> -t build)")
    .option("--target <platform>", "lin (simulator) or esp32", "lin")
    .option("--app <name>", "app under firmware/examples", "hello")
    .option("--out <dir>", "mcconfig output directory (default: the SDK's build dir)")
    .option("--debug", "debug build (trace output goes to xsbug / xsbug-log)")
    .option("--ota-key <hex-or-file>", "OTA image signing public key (hex, or a file such as ota-public-key.txt of `xs-rainmaker ota keygen`) for config.ota.publicKey; without it the app takes no updates")
    .option("--credentials <file>", "board credentials file from `xs-rainmaker claim --mac MAC --out FILE`, installed at first boot (e.g. to run the whole loop in mcsim)")
    .option("--build-dir <dir>", "where the generated manifest goes with --ota-key or --credentials (default .state/build/<app>-<target>)")
    .option("--dry-run", "run the checks, write the generated manifest and print the mcconfig command without running it")
    .action((flags: BuildFlags) => {
      if (flags.target !== "lin" && flags.target !== "esp32") {
        process.stderr.write(`build: --target must be lin or esp32, not "${flags.target}".\n`);
        process.exitCode = 2;
        return;
      }
      const target: BuildTarget = flags.target;
      const manifest = imageManifest("build", repoRoot, flags, (app) => join(repoRoot, ".state", "build", `${app}-${target}`));
      if (!manifest) {
        process.exitCode = 2;
        return;
      }
      const check = preflight({ repoRoot, target, app: flags.app, env: process.env });
      if (check.problems.length > 0) {
        for (const problem of check.problems) process.stderr.write(`build: ${problem}\n`);
        process.exitCode = 2;
        return;
      }
      const args = [...(flags.debug ? ["-d"] : []), "-m", "-p", target, "-t", "build"];
      if (flags.out) {
        mkdirSync(resolve(flags.out), { recursive: true });
        args.push("-o", resolve(flags.out));
      }
      args.push(manifest);
      process.stdout.write(`APP=${flags.app} ${check.mcconfig} ${args.join(" ")}\n`);
      if (flags.dryRun) return;
      const run = spawnSync(check.mcconfig, args, { cwd: repoRoot, env: check.env, stdio: "inherit" });
      process.exitCode = run.status ?? 1;
    });
}

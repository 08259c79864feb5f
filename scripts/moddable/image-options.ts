/**
 * The `xs-rainmaker flash` / `build` options that change what goes into the image: `--credentials`
 * (host-claim board file) and `--ota-key`. Checks them all before writing anything,
 * prints one line per problem, and writes the generated manifest when the image needs one.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NodeCredentials } from "../../firmware/core/claiming/credentials";
import { checkBoardFile } from "./board-credentials";
import { writeGeneratedBuild } from "./generated-manifest";
import { otaOffHint, readOtaKeyOption } from "./ota-key-option";

export interface ImageOptions {
  app: string;
  credentials?: string;
  otaKey?: string;
  buildDir?: string;
}

/** The checked board file of `--credentials`, or undefined after printing its problems. */
function boardCredentials(command: string, path: string): NodeCredentials | undefined {
  const file = resolve(path);
  if (!existsSync(file)) {
    process.stderr.write(`${command}: --credentials ${file} does not exist (write it with \`xs-rainmaker claim --mac MAC --out board.json\`)\n`);
    return undefined;
  }
  const check = checkBoardFile(readFileSync(file, "utf8"));
  for (const problem of check.problems) process.stderr.write(`${command}: ${file}: ${problem}\n`);
  return check.credentials;
}

/** The key of `--ota-key`, or undefined after printing why it is unusable. */
function otaKey(command: string, value: string): Uint8Array | undefined {
  try {
    return readOtaKeyOption(value);
  } catch (error) {
    process.stderr.write(`${command}: ${(error as Error).message}\n`);
    return undefined;
  }
}

/**
 * The manifest mcconfig builds: the project's manifest.json, or a generated one in `--build-dir`
 * (default `defaultDir(app, nodeId)`) with the credentials and the OTA key. Undefined, after printing
 * the problems and writing nothing, when an option is unusable. Without `--ota-key` it prints the
 * "OTA off" hint and never picks a key by itself.
 */
export function imageManifest(command: string, repoRoot: string, options: ImageOptions, defaultDir: (app: string, nodeId?: string) => string): string | undefined {
  const credentials = options.credentials !== undefined ? boardCredentials(command, options.credentials) : undefined;
  const publicKey = options.otaKey !== undefined ? otaKey(command, options.otaKey) : undefined;
  if ((options.credentials !== undefined && !credentials) || (options.otaKey !== undefined && !publicKey)) return undefined;
  if (!publicKey) process.stdout.write(`${otaOffHint(repoRoot)}\n`);
  if (!credentials && !publicKey) return join(repoRoot, "manifest.json");
  const dir = resolve(options.buildDir ?? defaultDir(options.app, credentials?.nodeId));
  const manifest = writeGeneratedBuild(dir, repoRoot, { ...(credentials ? { credentials } : {}), ...(publicKey ? { otaPublicKey: publicKey } : {}) });
  if (credentials) process.stdout.write(`credentials: node ${credentials.nodeId}, MQTT ${credentials.mqttHost}:${credentials.mqttPort}, built into the image from ${manifest}\n`);
  if (publicKey) process.stdout.write(`ota: signing key ${Buffer.from(publicKey).toString("hex").slice(0, 18)}... in config.ota.publicKey of ${manifest}\n`);
  return manifest;
}

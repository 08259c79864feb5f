/**
 * `xs-rainmaker factory generate --count N --out batch.csv`: a manufacturing batch (MAC, factory
 * secret, PoP per line). `xs-rainmaker factory import batch.csv`: registers the batch for self claim
 * [spec 4.3]. A file with any bad line is refused whole.
 */
import type { Command } from "commander";
import { basename, join, resolve } from "node:path";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { openSqliteStore } from "../../../cloud-stub/store/sqlite";
import { openClaimStore } from "../../../cloud-stub/store/claims-sqlite";
import { CloudServerDefaults } from "../../../cloud-stub/server";
import { DefaultCloudConfig } from "../../../cloud-stub/deps";
import { formatFactoryCsv, generateFactoryBatch, parseFactoryCsv } from "../../../cloud-stub/store/factory-batch";

async function generate(flags: { count: string; out: string; force?: boolean }): Promise<void> {
  const count = Number(flags.count);
  const lines = generateFactoryBatch(count);
  try {
    await writeFile(resolve(flags.out), formatFactoryCsv(lines), { flag: flags.force ? "w" : "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`${flags.out} exists; pass --force to overwrite it`);
    throw error;
  }
  console.log(`wrote ${lines.length} devices to ${flags.out} (keep it secret: it holds the factory secrets)`);
}

async function importBatch(file: string, flags: { data: string; batch?: string }): Promise<void> {
  const parsed = parseFactoryCsv(await readFile(resolve(file), "utf8"));
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors.slice(0, 20)) console.error(`${file}:${e.line}: ${e.message}`);
    throw new Error(`${parsed.errors.length} bad line(s) in ${file}; nothing imported`);
  }
  if (parsed.devices.length === 0) throw new Error(`${file} lists no devices; nothing imported`);
  await mkdir(resolve(flags.data), { recursive: true });
  const store = openSqliteStore(join(resolve(flags.data), CloudServerDefaults.databaseFile));
  try {
    const claims = openClaimStore(store.db);
    const now = Date.now();
    const batch = flags.batch ?? basename(file);
    const written = claims.importFactoryDevices(parsed.devices.map((d) => ({ ...d, batch, importedAt: now })));
    console.log(`imported ${written} devices (batch "${batch}"); ${claims.countFactoryDevices()} registered in total`);
  } finally {
    store.close();
  }
}

/** Prints a failure as one line and sets a non-zero exit status (no stack trace for user errors). */
async function reportFailure(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  const factory = program.command("factory").description("manufacturing batches for device self claim");
  factory
    .command("generate")
    .description("generate a batch file of MAC, factory secret and PoP lines")
    .requiredOption("--count <n>", "number of devices")
    .requiredOption("--out <file>", "CSV file to write (not overwritten unless --force)")
    .option("--force", "overwrite an existing file")
    .action(async (flags: { count: string; out: string; force?: boolean }) => reportFailure(generate(flags)));
  factory
    .command("import")
    .description("register a batch file with the local cloud's claim service")
    .argument("<file>", "CSV batch file (mac,factory_secret,pop)")
    .option("--data <dir>", "data directory of the cloud", DefaultCloudConfig.dataDir)
    .option("--batch <name>", "batch name (default: the file name)")
    .action(async (file: string, flags: { data: string; batch?: string }) => reportFailure(importBatch(file, flags)));
}

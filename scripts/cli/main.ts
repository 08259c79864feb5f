/**
 * `xs-rainmaker <command>`: one entry for every piece (cloud, sim, provision, claim, nodes, params, ota, flash).
 * Each file in ./commands exports `register(program)`; this file only assembles them.
 */
import { Command } from "commander";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface CommandModule { register(program: Command): void }

const here = dirname(fileURLToPath(import.meta.url));

export async function buildProgram(): Promise<Command> {
  const program = new Command("xs-rainmaker")
    .description("ESP RainMaker-compatible toolkit for Moddable/XS devices: cloud stub, simulator, provisioning, claiming, OTA")
    .showHelpAfterError();
  const dir = join(here, "commands");
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<CommandModule>;
    if (typeof mod.register === "function") mod.register(program);
  }
  return program;
}

const program = await buildProgram();
await program.parseAsync(process.argv);

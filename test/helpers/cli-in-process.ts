/** Runs one `xs-rainmaker` command in this process with `env` added, capturing stdout, stderr and the exit code. */
import { Command } from "commander";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCliInProcess(register: (program: Command) => void, args: string[], env: Record<string, string>): Promise<CliRun> {
  const program = new Command().exitOverride();
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write, env: { ...process.env } };
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  Object.assign(process.env, env);
  process.exitCode = 0;
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const key of Object.keys(env)) if (saved.env[key] === undefined) delete process.env[key];
    else process.env[key] = saved.env[key];
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out: out.join(""), err: err.join("") };
}

/** Shared plumbing of the user CLI commands: profile options, session loading, error reporting. */
import type { Command } from "commander";
import { defaultProfileDir, loadSession } from "./profile";
import { SessionClient } from "./rest-client";
import type { CliIo } from "./io";

export interface ProfileOptions {
  profileDir?: string;
}

export function withProfileOption(cmd: Command): Command {
  return cmd.option("--profile-dir <dir>", "where the login session is kept (default ~/.xs-rainmaker)");
}

export function profileDir(opts: ProfileOptions): string {
  return opts.profileDir ?? defaultProfileDir();
}

export function sessionClient(opts: ProfileOptions): SessionClient {
  const dir = profileDir(opts);
  const session = loadSession(dir);
  if (!session) throw new Error("Not logged in: run `xs-rainmaker login --user <name>` first");
  return new SessionClient(session, dir);
}

/** Runs an action, printing `[ERROR]: <message>` and failing the run on any error. */
export async function guarded(io: CliIo, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    io.err(`[ERROR]: ${err instanceof Error ? err.message : String(err)}`);
    io.fail();
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 4));
}

/** `xs-rainmaker login` / `logout`: a session with a RainMaker-compatible cloud [cloud-rest-api 1]. */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { DefaultBaseUrl, deleteSession, loadSession, saveSession } from "../cloud-client/profile";
import { apiUrl, callJson } from "../cloud-client/rest-client";
import { guarded, profileDir, withProfileOption } from "../cloud-client/command-kit";
import type { ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo } from "../cloud-client/io";
import type { CliIo } from "../cloud-client/io";

interface LoginOptions extends ProfileOptions {
  user: string;
  password?: string;
  baseUrl: string;
}

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    return (await rl.question("Password: ")).trim();
  } finally {
    rl.close();
  }
}

export function register(program: Command, io: CliIo = ProcessIo): void {
  withProfileOption(
    program
      .command("login")
      .description("log in to the cloud and keep the session in the profile dir")
      .requiredOption("-u, --user <name>", "user name (e-mail)")
      .option("-p, --password <password>", "password (else $XS_RAINMAKER_PASSWORD, else asked on stdin)")
      .option("--base-url <url>", "cloud base URL (no /v1)", process.env.XS_RAINMAKER_CLOUD ?? DefaultBaseUrl),
  ).action((opts: LoginOptions) =>
    guarded(io, async () => {
      const password = opts.password ?? process.env.XS_RAINMAKER_PASSWORD ?? (await askPassword());
      const res = await callJson(apiUrl(opts.baseUrl, "/v1/login2"), { method: "POST", body: { user_name: opts.user, password } });
      const t = res.body as Record<string, unknown>;
      if (typeof t.accesstoken !== "string" || typeof t.idtoken !== "string" || typeof t.refreshtoken !== "string") {
        throw new Error("Authentication failed: the cloud answered no tokens");
      }
      saveSession(profileDir(opts), { baseUrl: opts.baseUrl, userName: opts.user, accesstoken: t.accesstoken, idtoken: t.idtoken, refreshtoken: t.refreshtoken });
      io.out(`Logged in as ${opts.user} at ${opts.baseUrl}`);
    }),
  );

  withProfileOption(program.command("logout").description("end the cloud session and forget its tokens")).action((opts: ProfileOptions) =>
    guarded(io, async () => {
      const dir = profileDir(opts);
      const session = loadSession(dir);
      if (!session) {
        io.out("Not logged in.");
        return;
      }
      try {
        await callJson(apiUrl(session.baseUrl, "/v1/logout2?logout_all=false"), { method: "POST", token: session.accesstoken });
      } finally {
        deleteSession(dir);
      }
      io.out("Logged out.");
    }),
  );
}

/**
 * `xs-rainmaker signup`: create a user and confirm it (`POST /v1/user2` twice) [cloud-rest-api 1].
 * The local cloud sends no e-mail and takes any verification code; a real cloud sends one. Ends
 * logged in, like `xs-rainmaker login`.
 */
import type { Command } from "commander";
import { DefaultBaseUrl, saveSession } from "../cloud-client/profile";
import { apiUrl, callJson } from "../cloud-client/rest-client";
import { guarded, profileDir, withProfileOption, type ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo, type CliIo } from "../cloud-client/io";

interface SignupOptions extends ProfileOptions {
  user: string;
  password?: string;
  code?: string;
  baseUrl: string;
}

export function register(program: Command, io: CliIo = ProcessIo): void {
  withProfileOption(program.command("signup"))
    .description("create a user on the cloud and confirm it (the local cloud takes any verification code)")
    .requiredOption("-u, --user <name>", "user name (e-mail)")
    .option("-p, --password <password>", "password, at least 8 characters (else $XS_RAINMAKER_PASSWORD)")
    .option("--code <code>", "verification code from the e-mail (default for the local cloud: 000000)", "000000")
    .option("--base-url <url>", "cloud base URL (no /v1)", process.env.XS_RAINMAKER_CLOUD ?? DefaultBaseUrl)
    .action((opts: SignupOptions) =>
      guarded(io, async () => {
        const password = opts.password ?? process.env.XS_RAINMAKER_PASSWORD;
        if (!password) throw new Error("pass --password or set $XS_RAINMAKER_PASSWORD");
        if (password.length < 8) throw new Error("the password needs at least 8 characters");
        const url = apiUrl(opts.baseUrl, "/v1/user2");
        await callJson(url, { method: "POST", body: { user_name: opts.user, password } });
        io.out(`User ${opts.user} created at ${opts.baseUrl}`);
        await callJson(url, { method: "POST", body: { user_name: opts.user, verification_code: opts.code } });
        io.out(`User ${opts.user} confirmed`);
        const res = await callJson(apiUrl(opts.baseUrl, "/v1/login2"), { method: "POST", body: { user_name: opts.user, password } });
        const t = res.body as Record<string, unknown>;
        if (typeof t.accesstoken !== "string" || typeof t.idtoken !== "string" || typeof t.refreshtoken !== "string") throw new Error("login after signup failed: the cloud answered no tokens");
        saveSession(profileDir(opts), { baseUrl: opts.baseUrl, userName: opts.user, accesstoken: t.accesstoken, idtoken: t.idtoken, refreshtoken: t.refreshtoken });
        io.out(`Logged in as ${opts.user} at ${opts.baseUrl}`);
      }),
    );
}

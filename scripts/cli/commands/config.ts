/** `xs-rainmaker config <node-id>`: the node config JSON [cloud-rest-api 2; spec 1]. */
import type { Command } from "commander";
import { guarded, printJson, sessionClient, withProfileOption } from "../cloud-client/command-kit";
import type { ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo } from "../cloud-client/io";
import type { CliIo } from "../cloud-client/io";

export function register(program: Command, io: CliIo = ProcessIo): void {
  withProfileOption(program.command("config").description("print a node's config").argument("<node-id>")).action((nodeId: string, opts: ProfileOptions) =>
    guarded(io, async () => {
      printJson(io, (await sessionClient(opts).call("GET", `/v1/user/nodes/config?nodeid=${encodeURIComponent(nodeId)}`)).body);
    }),
  );
}

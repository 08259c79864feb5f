/** `xs-rainmaker status <node-id>`: online/offline and since when [cloud-rest-api 2]. */
import type { Command } from "commander";
import { guarded, sessionClient, withProfileOption } from "../cloud-client/command-kit";
import type { ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo } from "../cloud-client/io";
import type { CliIo } from "../cloud-client/io";

export function register(program: Command, io: CliIo = ProcessIo): void {
  withProfileOption(program.command("status").description("print whether a node is online").argument("<node-id>")).action((nodeId: string, opts: ProfileOptions) =>
    guarded(io, async () => {
      const body = (await sessionClient(opts).call("GET", `/v1/user/nodes/status?nodeid=${encodeURIComponent(nodeId)}`)).body as {
        connectivity?: { connected?: boolean; timestamp?: number };
      };
      const c = body.connectivity ?? {};
      const since = typeof c.timestamp === "number" ? ` since ${new Date(c.timestamp).toISOString()}` : "";
      io.out(`${nodeId}: ${c.connected ? "online" : "offline"}${since}`);
    }),
  );
}

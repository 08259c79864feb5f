/**
 * `xs-rainmaker params get <node-id>` and `params set <node-id>[,<node-id>…] --data <json>`
 * [cloud-rest-api 2; spec 2.1]: the set body is always an array of `{"node_id","payload"}`.
 */
import type { Command } from "commander";
import { guarded, printJson, sessionClient, withProfileOption } from "../cloud-client/command-kit";
import type { ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo } from "../cloud-client/io";
import type { CliIo } from "../cloud-client/io";

interface NodeResult {
  node_id?: string;
  status?: string;
  description?: string;
}

function parseData(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`--data is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error('--data must be an object like {"Light":{"Power":true}}');
  }
  return value as Record<string, unknown>;
}

export function register(program: Command, io: CliIo = ProcessIo): void {
  const params = program.command("params").description("read or change node params");
  withProfileOption(params.command("get").description("print a node's params").argument("<node-id>")).action((nodeId: string, opts: ProfileOptions) =>
    guarded(io, async () => {
      printJson(io, (await sessionClient(opts).call("GET", `/v1/user/nodes/params?nodeid=${encodeURIComponent(nodeId)}`)).body);
    }),
  );
  withProfileOption(
    params
      .command("set")
      .description("set params on one or more nodes (comma-separated ids)")
      .argument("<node-ids>")
      .requiredOption("--data <json>", 'params JSON, e.g. {"Light":{"Power":true}}'),
  ).action((nodeIds: string, opts: ProfileOptions & { data: string }) =>
    guarded(io, async () => {
      const payload = parseData(opts.data);
      const ids = nodeIds.split(",").map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) throw new Error("no node id given");
      const res = await sessionClient(opts).call("PUT", "/v1/user/nodes/params", ids.map((node_id) => ({ node_id, payload })));
      const results = Array.isArray(res.body) ? (res.body as NodeResult[]) : ids.map((node_id): NodeResult => ({ node_id, status: "success" }));
      const failed = results.filter((r) => r.status !== "success");
      for (const r of results) io.out(r.status === "success" ? `${r.node_id}: updated` : `${r.node_id}: failed - ${r.description ?? r.status ?? "unknown"}`);
      if (failed.length > 0) {
        io.err(`[ERROR]: ${failed.length} of ${results.length} node(s) not updated`);
        io.fail();
      }
    }),
  );
}

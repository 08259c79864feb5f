/** `xs-rainmaker nodes [--details]`: the nodes of the logged-in user, all pages [cloud-rest-api 2]. */
import type { Command } from "commander";
import { guarded, sessionClient, withProfileOption } from "../cloud-client/command-kit";
import type { ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo } from "../cloud-client/io";
import type { CliIo } from "../cloud-client/io";
import type { SessionClient } from "../cloud-client/rest-client";

interface NodeDetail {
  id: string;
  status?: { connectivity?: { connected?: boolean; timestamp?: number } };
  config?: { info?: { name?: string; type?: string; fw_version?: string } };
}

/** Follows `next_id` until the last page; `key` is "nodes" or "node_details". */
export async function allPages<T>(client: SessionClient, query: string, key: "nodes" | "node_details"): Promise<T[]> {
  const out: T[] = [];
  let startId: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const q = [query, startId ? `start_id=${encodeURIComponent(startId)}` : ""].filter(Boolean).join("&");
    const body = (await client.call("GET", `/v1/user/nodes${q ? `?${q}` : ""}`)).body as Record<string, unknown>;
    out.push(...((body[key] as T[] | undefined) ?? []));
    startId = typeof body.next_id === "string" && body.next_id !== "" ? body.next_id : undefined;
    if (!startId) break;
  }
  return out;
}

export function describeNode(n: NodeDetail): string {
  const c = n.status?.connectivity;
  const state = c?.connected ? "online" : "offline";
  const since = typeof c?.timestamp === "number" ? ` since ${new Date(c.timestamp).toISOString()}` : "";
  const info = n.config?.info;
  const what = info ? `  ${info.name ?? "?"} (${info.type ?? "?"}, fw ${info.fw_version ?? "?"})` : "";
  return `${n.id}  ${state}${since}${what}`;
}

export function register(program: Command, io: CliIo = ProcessIo): void {
  withProfileOption(
    program.command("nodes").description("list the nodes of the logged-in user").option("-d, --details", "show state, name, type and firmware"),
  ).action((opts: ProfileOptions & { details?: boolean }) =>
    guarded(io, async () => {
      const client = sessionClient(opts);
      if (opts.details) {
        const nodes = await allPages<NodeDetail>(client, "node_details=true", "node_details");
        if (nodes.length === 0) io.out("No nodes are associated with this user.");
        nodes.forEach((n, i) => io.out(`${i + 1}. ${describeNode(n)}`));
        return;
      }
      const ids = await allPages<string>(client, "", "nodes");
      if (ids.length === 0) io.out("No nodes are associated with this user.");
      ids.forEach((id, i) => io.out(`${i + 1}. ${id}`));
    }),
  );
}

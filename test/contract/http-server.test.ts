import assert from "node:assert/strict";
import { request as nodeRequest, Agent } from "node:http";
import { createFakeHttpNetwork } from "../../host-sim/fakes/http";
import { createHttpClient } from "../../host-sim/adapters/http-client";
import { createHttpServer } from "../../host-sim/adapters/http-server";
import { readAll } from "./http-client.contract";
import { httpServerContract, type SentResult } from "./http-server.contract";

const closedOrThrow = (error: unknown): SentResult => {
  if (/hang up|ECONNRESET/i.test(String((error as Error).message))) return "closed";
  throw error;
};

httpServerContract("fake network", async () => {
  const network = createFakeHttpNetwork();
  return {
    server: network.server(),
    send: async (port, request, connection) => {
      try {
        const response = await network.send({ method: request.method as "GET", url: `http://127.0.0.1:${port}${request.path}`, headers: request.headers, body: request.body }, connection);
        return { status: response.status, headers: response.headers, body: await readAll(response) };
      } catch (error) {
        return closedOrThrow(error);
      }
    },
    close: async () => undefined,
  };
});

httpServerContract("node:http adapter", async () => {
  const agents = new Map<string, Agent>();
  const agentFor = (connection: string | undefined): Agent | false => {
    if (connection === undefined) return false;
    let agent = agents.get(connection);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.set(connection, agent);
    }
    return agent;
  };
  return {
    server: createHttpServer({ onHandlerError: () => undefined }),
    send: (port, request, connection) =>
      new Promise<SentResult>((resolve, reject) => {
        const req = nodeRequest(
          { host: "127.0.0.1", port, method: request.method, path: request.path, headers: request.headers, agent: agentFor(connection) },
          (res) => {
            const parts: Buffer[] = [];
            res.on("data", (c: Buffer) => parts.push(c));
            res.on("end", () => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
              resolve({ status: res.statusCode!, headers, body: new Uint8Array(Buffer.concat(parts)) });
            });
          },
        );
        req.on("error", (error) => {
          try {
            resolve(closedOrThrow(error));
          } catch (e) {
            reject(e);
          }
        });
        req.end(request.body ? Buffer.from(request.body) : undefined);
      }),
    close: async () => {
      for (const agent of agents.values()) agent.destroy();
    },
  };
});

describe("node:http server adapter with malformed input", () => {
  it("drops a connection that sends garbage and keeps serving others", async () => {
    const { connect } = await import("node:net");
    const handle = await createHttpServer().listen({ port: 0 }, async () => ({ status: 200, body: new TextEncoder().encode("ok") }));
    try {
      const closed = await new Promise<boolean>((resolve) => {
        const socket = connect(handle.port, "127.0.0.1", () => socket.write("\x00\x01 NOT HTTP\r\n\r\n"));
        socket.on("error", () => undefined);
        socket.on("close", () => resolve(true));
        socket.resume();
      });
      assert.equal(closed, true);
      const response = await createHttpClient().request({ method: "GET", url: `http://127.0.0.1:${handle.port}/` });
      assert.equal(response.status, 200);
      assert.equal(new TextDecoder().decode(await readAll(response)), "ok");
    } finally {
      await handle.close();
    }
  });
});

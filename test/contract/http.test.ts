import assert from "node:assert/strict";
import { createServer, request as nodeRequest, Agent, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { HttpServerRequest } from "../../firmware/ports/http-server";
import { createFakeHttpNetwork, type FakeHttpReply } from "../../host-sim/fakes/http";
import { createSocketBudget } from "../../host-sim/fakes/socket-budget";
import { createHttpClient } from "../../host-sim/adapters/http-client";
import { createHttpServer } from "../../host-sim/adapters/http-server";
import { createClock } from "../../host-sim/adapters/clock";
import { httpClientContract, readAll } from "./http-client.contract";
import { httpServerContract, type SentResult } from "./http-server.contract";

const closedOrThrow = (error: unknown): SentResult => {
  if (/hang up|ECONNRESET/i.test(String((error as Error).message))) return "closed";
  throw error;
};

httpClientContract("fake network", async () => {
  const network = createFakeHttpNetwork({ clock: createClock(), chunkSize: 512 });
  const sockets = createSocketBudget();
  let n = 0;
  return {
    client: network.client({ sockets }),
    sockets,
    serve: async (handler) => {
      const origin = `http://cloud-${++n}.test:8080`;
      network.route(origin, handler);
      return origin;
    },
    deadUrl: "http://127.0.0.1:9",
    close: async () => undefined,
  };
});

/** A Node server that plays scripted replies: chunked writes, breaks and stalls. */
async function startScriptedHttpServer(handler: (request: HttpServerRequest) => FakeHttpReply) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const r = handler({ method: req.method!, path: req.url!, headers, body: new Uint8Array(Buffer.concat(parts)), connectionId: 0 });
      const chunks = r.chunks ?? [r.body ?? new Uint8Array(0)];
      const total = chunks.reduce((n, c) => n + c.length, 0);
      res.writeHead(r.status, { ...r.headers, ...(r.chunks ? {} : { "content-length": String(total) }) });
      if (r.stall) {
        res.flushHeaders();
        return;
      }
      let sent = 0;
      for (const chunk of chunks) {
        if (r.failAfterBytes !== undefined && sent + chunk.length > r.failAfterBytes) {
          res.write(Buffer.from(chunk.subarray(0, r.failAfterBytes - sent)));
          await new Promise((resolve) => setTimeout(resolve, 20));
          req.socket.destroy();
          return;
        }
        res.write(Buffer.from(chunk));
        sent += chunk.length;
        if (r.chunks) await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

httpClientContract("node:http adapter", async () => {
  const sockets = createSocketBudget();
  const servers: { close(): Promise<void> }[] = [];
  return {
    client: createHttpClient({ sockets }),
    sockets,
    serve: async (handler) => {
      const s = await startScriptedHttpServer(handler);
      servers.push(s);
      return s.base;
    },
    deadUrl: "http://127.0.0.1:9",
    close: async () => {
      for (const s of servers) await s.close();
    },
  };
});

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

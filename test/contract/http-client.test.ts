import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { HttpServerRequest } from "../../firmware/ports/http-server";
import { createFakeHttpNetwork, type FakeHttpReply } from "../../host-sim/fakes/http";
import { createSocketBudget } from "../../host-sim/fakes/socket-budget";
import { createHttpClient } from "../../host-sim/adapters/http-client";
import { createClock } from "../../host-sim/adapters/clock";
import { httpClientContract } from "./http-client.contract";

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


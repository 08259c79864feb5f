import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { HttpServerPort, HttpServerRequest, HttpServerResponse } from "../../firmware/ports/http-server";
import { flatHeaders } from "./flat-headers";

/** Options for the host {@link createHttpServer}. */
export interface HostHttpServerOptions {
  /** Where a handler exception is reported before the 500 reply (default console.error). */
  onHandlerError?: (error: unknown) => void;
}

function reply(res: ServerResponse, status: number, headers: Record<string, string>, body: Uint8Array): void {
  res.writeHead(status, { ...headers, "content-length": String(body.length) });
  res.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

/**
 * {@link HttpServerPort} on node:http (loopback by default): bodies over `maxBodyBytes` get 413,
 * each TCP connection gets a `connectionId`, `{close: true}` destroys the socket unanswered.
 */
export function createHttpServer(options: HostHttpServerOptions = {}): HttpServerPort {
  const reportError = options.onHandlerError ?? ((error: unknown) => console.error("http handler threw:", error));
  return {
    async listen(listenOptions, handler) {
      const connectionIds = new WeakMap<Socket, number>();
      const sockets = new Set<Socket>();
      let nextId = 1;
      const server = createServer((req, res) => {
        const socket = req.socket;
        const connectionId = connectionIds.get(socket) ?? 0;
        const limit = listenOptions.maxBodyBytes;
        const declared = Number(req.headers["content-length"] ?? "0");
        const tooLarge = (): void => {
          res.setHeader("connection", "close");
          reply(res, 413, {}, new Uint8Array(0));
          req.resume();
        };
        if (limit !== undefined && declared > limit) return tooLarge();
        const parts: Buffer[] = [];
        let size = 0;
        let refused = false;
        req.on("data", (chunk: Buffer) => {
          if (refused) return;
          size += chunk.length;
          if (limit !== undefined && size > limit) {
            refused = true;
            tooLarge();
            return;
          }
          parts.push(chunk);
        });
        req.on("end", () => {
          if (refused) return;
          const body = new Uint8Array(Buffer.concat(parts));
          const request: HttpServerRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: flatHeaders(req), body, connectionId };
          Promise.resolve()
            .then(() => handler(request))
            .then(
              (response: HttpServerResponse) => {
                if ("close" in response) socket.destroy();
                else reply(res, response.status, response.headers ?? {}, response.body ?? new Uint8Array(0));
              },
              (error: unknown) => {
                reportError(error);
                if (!res.headersSent) reply(res, 500, { "content-type": "text/plain" }, new TextEncoder().encode("internal error"));
              },
            );
        });
      });
      server.on("connection", (socket: Socket) => {
        connectionIds.set(socket, nextId++);
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      server.on("clientError", (_error, socket) => socket.destroy());
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(listenOptions.port, listenOptions.host ?? "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
      return {
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((resolve) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => resolve());
          }),
      };
    },
  };
}

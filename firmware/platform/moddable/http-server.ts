import { Listener, Socket } from "socket";
import type { LogPort } from "../../ports/log";
import type { HttpServerPort, HttpServerResponse } from "../../ports/http-server";
import { asciiToBytes } from "./ascii";
import { fromArrayBuffer, messageOf, toArrayBuffer } from "./buffers";
import { RequestParser, responseHead } from "./http-request-parser";

/** Options for {@link createHttpServer}. */
export interface ModdableHttpServerOptions {
  log: LogPort;
}

/** Default body limit: protocomm bodies are 1..4096 bytes [spec 6.1]. */
const DefaultMaxBodyBytes = 4096;
const MaxHeaderBytes = 4096;
/** Legacy `socket` callback messages. */
const SocketMessage = Object.freeze({ disconnected: -1, error: -2, connected: 1, readable: 2, writable: 3 });

interface RawConnection {
  callback: (message: number, value?: number) => void;
  read(type: typeof ArrayBuffer): ArrayBuffer | undefined;
  write(): number;
  write(...data: (ArrayBuffer | string)[]): void;
  close(): void;
}
type ListenerLike = { callback: () => void; close(): void };

/**
 * {@link HttpServerPort} on the SDK's `socket` Listener. The `http` Server module needs the
 * response synchronously, but port handlers are async, so requests are parsed here
 * (`http-request-parser.ts`) and answered when the handler resolves. One request per connection.
 */
export function createHttpServer(options: ModdableHttpServerOptions): HttpServerPort {
  const { log } = options;
  let nextConnectionId = 1;
  return {
    listen(listenOptions, handler) {
      const maxBodyBytes = listenOptions.maxBodyBytes ?? DefaultMaxBodyBytes;
      const open = new Set<RawConnection>();
      const listener = new Listener({ port: listenOptions.port }) as unknown as ListenerLike;

      listener.callback = () => {
        const socket = new (Socket as unknown as new (options: { listener: ListenerLike }) => RawConnection)({ listener });
        const connectionId = nextConnectionId++;
        const parser = new RequestParser({ maxBodyBytes, maxHeaderBytes: MaxHeaderBytes });
        let pending: ArrayBuffer | undefined;
        let answered = false;
        open.add(socket);

        const drop = (): void => {
          if (!open.delete(socket)) return;
          try {
            socket.close();
          } catch {
            // already closed
          }
        };
        // Close only on the writable callback after the last write, so lwIP has taken the bytes.
        let sentAll = false;
        const flush = (): void => {
          if (sentAll) return drop();
          while (pending && pending.byteLength > 0) {
            const room = socket.write();
            if (room <= 0) return;
            const part = pending.byteLength <= room ? pending : pending.slice(0, room);
            socket.write(part);
            pending = pending.byteLength <= room ? undefined : pending.slice(room);
          }
          sentAll = true;
        };
        const answer = (response: HttpServerResponse): void => {
          if (answered || !open.has(socket)) return;
          answered = true;
          if ("close" in response) return drop();
          const body = response.body ?? new Uint8Array(0);
          const head = asciiToBytes(responseHead(response.status, response.headers ?? {}, body.length));
          const bytes = new Uint8Array(head.length + body.length);
          bytes.set(head);
          bytes.set(body, head.length);
          pending = toArrayBuffer(bytes);
          flush();
        };

        socket.callback = (message) => {
          if (message === SocketMessage.readable) {
            if (answered) {
              socket.read(ArrayBuffer);
              return;
            }
            const data = socket.read(ArrayBuffer);
            if (!data) return;
            const result = parser.push(fromArrayBuffer(data));
            if (result.state === "error") {
              log.log("warn", "http", `connection ${connectionId}: ${result.message}`);
              answer({ status: result.status });
            } else if (result.state === "done") {
              const { method, path, headers, body } = result.request;
              handler({ method, path, headers, body, connectionId }).then(answer, (error: unknown) => {
                log.log("error", "http", `${method} ${path}: ${messageOf(error)}`);
                answer({ status: 500 });
              });
            }
          } else if (message === SocketMessage.writable) {
            flush();
          } else if (message < 0) {
            drop();
          }
        };
      };

      return Promise.resolve({
        port: listenOptions.port,
        close() {
          for (const socket of [...open]) {
            open.delete(socket);
            try {
              socket.close();
            } catch {
              // already closed
            }
          }
          listener.close();
          return Promise.resolve();
        },
      });
    },
  };
}

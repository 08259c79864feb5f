import { Request } from "http";
import SecureSocket from "securesocket";
import Timer from "timer";
import type { HttpClientPort, HttpResponse } from "../../ports/http-client";
import { fromArrayBuffer, messageOf, toArrayBuffer } from "./buffers";
import { secureOptions } from "./mqtt";
import { parseHttpUrl } from "./url";

/** `callback` message numbers of the SDK's http `Request` (documentation/network/network.md). */
const Message = Object.freeze({ error: -2, status: 1, header: 2, headersComplete: 3, responseFragment: 4, responseComplete: 5 });
const DefaultTimeoutMs = 30_000;

interface RequestLike {
  callback: (message: number, value1?: unknown, value2?: unknown) => unknown;
  /** The SDK socket under the request; its callback runs the http.js state machine. */
  socket?: { callback: (...args: unknown[]) => unknown };
  read(type: typeof ArrayBuffer): ArrayBuffer | undefined;
  close(): void;
}
type RequestConstructor = new (options: Record<string, unknown>) => RequestLike;

/**
 * {@link HttpClientPort} on the SDK's `http` Request (over `SecureSocket` for https). The body is
 * delivered as it arrives; the SDK has no flow control, so chunks queue until `read()` takes them.
 */
export function createHttpClient(): HttpClientPort {
  return {
    request(request) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const target = parseHttpUrl(request.url);
        const headers: string[] = [];
        for (const [name, value] of Object.entries(request.headers ?? {})) headers.push(name, value);
        const dictionary: Record<string, unknown> = { host: target.host, port: target.port, path: target.path, method: request.method, headers };
        if (request.body) dictionary["body"] = toArrayBuffer(request.body);
        if (target.secure) {
          if (!request.tls) throw new Error(`https needs TLS options (the CA to trust): ${request.url}`);
          dictionary["Socket"] = SecureSocket;
          dictionary["secure"] = secureOptions({ serverName: target.host, ...request.tls });
        }

        const timeoutMs = request.timeoutMs ?? DefaultTimeoutMs;
        const chunks: Uint8Array[] = [];
        const waiting: { resolve: (chunk: Uint8Array | undefined) => void; reject: (error: Error) => void }[] = [];
        const responseHeaders: Record<string, string> = {};
        let status = 0;
        let phase: "head" | "body" | "done" | "failed" = "head";
        let failure: Error | undefined;
        let timer: Timer | undefined;
        const http = new (Request as unknown as RequestConstructor)(dictionary);

        const settleWaiters = (): void => {
          while (waiting.length > 0 && (chunks.length > 0 || phase === "done" || phase === "failed")) {
            const next = waiting.shift()!;
            if (chunks.length > 0) next.resolve(chunks.shift());
            else if (phase === "failed") next.reject(failure!);
            else next.resolve(undefined);
          }
        };
        const stop = (): void => {
          Timer.clear(timer);
          timer = undefined;
          try {
            http.close();
          } catch {
            // already closed by the SDK
          }
        };
        const failWith = (error: Error): void => {
          if (phase === "done" || phase === "failed") return;
          const before = phase;
          phase = "failed";
          failure = error;
          stop();
          if (before === "head") reject(error);
          settleWaiters();
        };
        const arm = (): void => {
          Timer.clear(timer);
          timer = Timer.set(() => failWith(new Error(`no data for ${timeoutMs} ms from ${target.host}`)), timeoutMs);
        };

        http.callback = (message, value1, value2) => {
          if (phase === "done" || phase === "failed") return;
          arm();
          if (message === Message.status) status = Number(value1);
          else if (message === Message.header) responseHeaders[String(value1).toLowerCase()] = String(value2);
          else if (message === Message.headersComplete) {
            phase = "body";
            resolve({
              status,
              headers: responseHeaders,
              read: () => new Promise<Uint8Array | undefined>((ok, fail) => {
                waiting.push({ resolve: ok, reject: fail });
                settleWaiters();
              }),
              cancel: () => {
                if (phase === "done" || phase === "failed") return;
                phase = "done";
                chunks.length = 0;
                stop();
                settleWaiters();
              },
            });
          } else if (message === Message.responseFragment) {
            const data = http.read(ArrayBuffer);
            if (data && data.byteLength > 0) chunks.push(fromArrayBuffer(data));
            settleWaiters();
          } else if (message === Message.responseComplete) {
            phase = "done";
            Timer.clear(timer);
            timer = undefined;
            settleWaiters();
          } else if (typeof message === "number" && message < 0) {
            failWith(new Error(`HTTP request to ${target.host}:${target.port} failed${value1 === undefined ? "" : ` (${String(value1)})`}`));
          }
          return undefined;
        };
        // On the simulator a refused connection makes http.js's own socket callback throw
        // ("write failed"), which would abort the VM: turn it into a failed request instead.
        const socket = http.socket;
        if (socket) {
          const inner = socket.callback;
          socket.callback = (...args: unknown[]) => {
            try {
              return inner.apply(socket, args);
            } catch (error) {
              failWith(new Error(`HTTP request to ${target.host}:${target.port} failed (${messageOf(error)})`));
              return undefined;
            }
          };
        }
        arm();
      });
    },
  };
}

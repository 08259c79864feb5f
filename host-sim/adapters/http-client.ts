import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { HttpClientPort, HttpResponse } from "../../firmware/ports/http-client";
import type { SocketBudget } from "../fakes/socket-budget";
import { flatHeaders } from "./flat-headers";
import { nodeTlsOptions } from "./tls-material";

/** Options for the host {@link createHttpClient}. */
export interface HostHttpClientOptions {
  /** The simulated device's TCP socket budget (shared with its MQTT client). */
  sockets?: SocketBudget;
}

/**
 * {@link HttpClientPort} on node:http/https: one TCP connection per request (like Moddable's
 * `http` Request), headers sent as given (so `Range` passes through), body read chunk by chunk.
 */
export function createHttpClient(options: HostHttpClientOptions = {}): HttpClientPort {
  return {
    request(request) {
      return new Promise<HttpResponse>((resolve, reject) => {
        let url: URL;
        try {
          url = new URL(request.url);
        } catch {
          reject(new Error(`not an absolute http(s) URL: ${request.url}`));
          return;
        }
        if (url.protocol !== "http:" && url.protocol !== "https:") {
          reject(new Error(`unsupported URL scheme ${url.protocol} in ${request.url}`));
          return;
        }
        let release: () => void;
        try {
          release = options.sockets?.acquire(`HTTP ${url.host}`) ?? (() => undefined);
        } catch (error) {
          reject(error);
          return;
        }
        const isHttps = url.protocol === "https:";
        if (isHttps && (!request.tls || request.tls.ca.length === 0)) {
          release();
          reject(new Error(`TLS to ${url.hostname}: no CA configured to verify the server`));
          return;
        }
        const host = url.hostname.replace(/^\[|\]$/g, "");
        const common = { method: request.method, headers: request.headers ?? {}, agent: false as const };
        const req: ClientRequest = isHttps
          ? httpsRequest(url, { ...common, ...nodeTlsOptions(host, request.tls!) })
          : httpRequest(url, common);
        // The socket counts against the device until the body is consumed or cancelled, as a Moddable Request holds it.
        let failure: Error | undefined;
        if (request.timeoutMs !== undefined) {
          req.setTimeout(request.timeoutMs, () => {
            failure = new Error(`timeout: no data for ${request.timeoutMs} ms`);
            req.destroy(failure);
          });
        }
        req.on("error", (error) => {
          release();
          reject(error);
        });
        req.on("response", (res) => {
          const iterator = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
          let ended = false;
          const end = (): void => {
            ended = true;
            release();
          };
          resolve({
            status: res.statusCode ?? 0,
            headers: flatHeaders(res),
            async read() {
              if (ended) return undefined;
              let next: IteratorResult<Buffer>;
              try {
                next = await iterator.next();
              } catch (error) {
                end();
                throw failure ?? new Error(`connection broken mid-body: ${(error as Error).message}`);
              }
              if (next.done) {
                end();
                if (!res.complete) throw failure ?? new Error("connection closed mid-body");
                return undefined;
              }
              const chunk: Buffer = next.value;
              return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            },
            cancel() {
              if (ended) return;
              end();
              res.destroy();
              req.destroy();
            },
          });
        });
        req.end(request.body === undefined ? undefined : Buffer.from(request.body));
      });
    },
  };
}

import type { ClockPort } from "../../firmware/ports/clock";
import type { HttpClientPort, HttpRequest, HttpResponse } from "../../firmware/ports/http-client";
import type { HttpServerPort, HttpServerRequest, HttpServerResponse } from "../../firmware/ports/http-server";
import type { SocketBudget } from "./socket-budget";

/** A scripted reply for {@link FakeHttpNetwork.route}: lets tests stream, stall and break bodies. */
export interface FakeHttpReply {
  status: number;
  headers?: Record<string, string>;
  /** Body sent as one piece (split into `chunkSize` reads by the client). */
  body?: Uint8Array;
  /** Body sent as these chunks, in order. */
  chunks?: Uint8Array[];
  /** Break the connection once this many body bytes were delivered (read() rejects). */
  failAfterBytes?: number;
  /** Send headers, then nothing: the client's `timeoutMs` fires (needs a clock). */
  stall?: boolean;
}

/** A request as the fake network carried it (for assertions). */
export interface FakeHttpExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  connectionId: number;
  status?: number;
}

/** Options for {@link createFakeHttpNetwork}. */
export interface FakeHttpNetworkOptions {
  /** Needed only for client `timeoutMs` on stalled replies. */
  clock?: ClockPort;
  /** Bytes per `read()` when a reply has a single body (default 1024). */
  chunkSize?: number;
}

/** An in-memory network joining fake HTTP clients, fake HTTP servers and scripted origins. */
export interface FakeHttpNetwork {
  /** A device-side client on this network. */
  client(options?: { sockets?: SocketBudget }): HttpClientPort;
  /** A server port whose `listen` binds on this network. */
  server(): HttpServerPort;
  /** Serve `origin` (e.g. `https://claim.example.com`) with scripted replies; returns an unroute function. */
  route(origin: string, handler: (request: HttpServerRequest) => FakeHttpReply | Promise<FakeHttpReply>): () => void;
  /** Send a request to a listening fake server on a named client connection (keeps one connectionId per name until closed). */
  send(request: HttpRequest, connection?: string): Promise<HttpResponse>;
  /** Every request carried so far. */
  exchanges(): FakeHttpExchange[];
  /** Bound `host:port` pairs of listening fake servers. */
  listening(): string[];
}

interface ParsedUrl {
  scheme: "http" | "https";
  host: string;
  port: number;
  path: string;
}

type Endpoint = (request: HttpServerRequest) => Promise<FakeHttpReply | { close: true }>;

/** Parse an absolute http(s) URL without relying on a host URL class (XS has none). */
export function parseHttpUrl(url: string): ParsedUrl {
  const match = /^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?([^#]*)/i.exec(url);
  if (!match) throw new Error(`not an absolute http(s) URL: ${url}`);
  const scheme = match[1]!.toLowerCase() as "http" | "https";
  const port = match[3] ? Number(match[3]) : scheme === "https" ? 443 : 80;
  if (port < 1 || port > 65535) throw new Error(`bad port in URL: ${url}`);
  const rest = match[4] ?? "";
  return { scheme, host: match[2]!.toLowerCase(), port, path: rest.startsWith("/") ? rest : `/${rest}` };
}

const canonicalHost = (host: string): string => (host === "localhost" ? "127.0.0.1" : host);
const copy = (b: Uint8Array): Uint8Array => Uint8Array.prototype.slice.call(b) as Uint8Array;
const lower = (headers: Record<string, string> | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) out[name.toLowerCase()] = String(headers![name]);
  return out;
};

/** Create an empty fake network. Free of host APIs (timeouts use the given clock). */
export function createFakeHttpNetwork(options: FakeHttpNetworkOptions = {}): FakeHttpNetwork {
  const chunkSize = options.chunkSize ?? 1024;
  const endpoints = new Map<string, Endpoint>();
  const log: FakeHttpExchange[] = [];
  const namedConnections = new Map<string, number>();
  let nextConnectionId = 1;
  let nextEphemeral = 49152;

  const keyOf = (scheme: string, host: string, port: number): string => `${scheme}://${canonicalHost(host)}:${port}`;

  const carry = async (request: HttpRequest, connectionId: number, release: () => void, onClosed: () => void): Promise<HttpResponse> => {
    let target: ParsedUrl;
    try {
      target = parseHttpUrl(request.url);
    } catch (error) {
      release();
      throw error;
    }
    if (target.scheme === "https" && (!request.tls || request.tls.ca.length === 0)) {
      release();
      throw new Error(`TLS to ${target.host}: no CA configured to verify the server`);
    }
    const endpoint = endpoints.get(keyOf(target.scheme, target.host, target.port));
    if (!endpoint) {
      release();
      throw new Error(`connect ECONNREFUSED ${target.host}:${target.port}`);
    }
    const headers = lower(request.headers);
    const body = copy(request.body ?? new Uint8Array(0));
    const exchange: FakeHttpExchange = { method: request.method, url: request.url, headers, body, connectionId };
    log.push(exchange);
    let reply: FakeHttpReply | { close: true };
    try {
      reply = await endpoint({ method: request.method, path: target.path, headers: { ...headers, host: `${target.host}:${target.port}` }, body, connectionId });
    } catch {
      reply = { status: 500, body: new Uint8Array(0) };
    }
    if ("close" in reply) {
      release();
      onClosed();
      throw new Error("socket hang up: the server closed the connection without a response");
    }
    exchange.status = reply.status;
    const chunks = request.method === "HEAD" ? [] : reply.chunks ? reply.chunks.map(copy) : splitBody(reply.body ?? new Uint8Array(0), chunkSize);
    return streamReply(reply, chunks, request.timeoutMs, release);
  };

  const streamReply = (reply: FakeHttpReply, chunks: Uint8Array[], timeoutMs: number | undefined, release: () => void): HttpResponse => {
    let index = 0;
    let delivered = 0;
    let done = false;
    const finish = (): void => {
      done = true;
      release();
    };
    return {
      status: reply.status,
      headers: lower(reply.headers),
      read() {
        if (done) return Promise.resolve(undefined);
        if (reply.stall) {
          if (!options.clock || timeoutMs === undefined) return new Promise<Uint8Array | undefined>(() => undefined);
          return new Promise((_resolve, reject) => {
            options.clock!.setTimeout(() => {
              finish();
              reject(new Error(`timeout: no data for ${timeoutMs} ms`));
            }, timeoutMs);
          });
        }
        if (reply.failAfterBytes !== undefined && delivered >= reply.failAfterBytes) {
          finish();
          return Promise.reject(new Error("connection reset mid-body"));
        }
        if (index >= chunks.length) {
          finish();
          return Promise.resolve(undefined);
        }
        let chunk = chunks[index++]!;
        if (reply.failAfterBytes !== undefined && delivered + chunk.length > reply.failAfterBytes) {
          chunk = chunk.subarray(0, reply.failAfterBytes - delivered);
        }
        delivered += chunk.length;
        return Promise.resolve(chunk);
      },
      cancel() {
        if (!done) finish();
      },
    };
  };

  const network: FakeHttpNetwork = {
    client(clientOptions = {}) {
      return {
        async request(request) {
          const release = clientOptions.sockets?.acquire(`HTTP ${request.url}`) ?? (() => undefined);
          return carry(request, nextConnectionId++, release, () => undefined);
        },
      };
    },
    server() {
      return {
        async listen(listenOptions, handler) {
          const host = canonicalHost(listenOptions.host ?? "127.0.0.1");
          let port = listenOptions.port;
          if (port === 0) {
            while (endpoints.has(keyOf("http", host, nextEphemeral))) nextEphemeral++;
            port = nextEphemeral++;
          }
          const key = keyOf("http", host, port);
          if (endpoints.has(key)) throw new Error(`listen EADDRINUSE ${host}:${port}`);
          const maxBodyBytes = listenOptions.maxBodyBytes;
          endpoints.set(key, async (request): Promise<FakeHttpReply | { close: true }> => {
            if (maxBodyBytes !== undefined && request.body.length > maxBodyBytes) return { status: 413, body: new Uint8Array(0) };
            let response: HttpServerResponse;
            try {
              response = await handler(request);
            } catch {
              return { status: 500, body: new Uint8Array(0) };
            }
            if ("close" in response) return { close: true };
            return { status: response.status, headers: response.headers ?? {}, body: response.body ?? new Uint8Array(0) };
          });
          return {
            port,
            close: async () => {
              endpoints.delete(key);
            },
          };
        },
      };
    },
    route(origin, handler) {
      const parsed = parseHttpUrl(origin);
      const key = keyOf(parsed.scheme, parsed.host, parsed.port);
      endpoints.set(key, async (request) => handler(request));
      return () => endpoints.delete(key);
    },
    send(request, connection) {
      let id = connection === undefined ? undefined : namedConnections.get(connection);
      if (id === undefined) {
        id = nextConnectionId++;
        if (connection !== undefined) namedConnections.set(connection, id);
      }
      return carry(request, id, () => undefined, () => {
        if (connection !== undefined) namedConnections.delete(connection);
      });
    },
    exchanges: () => log.map((e) => ({ ...e, headers: { ...e.headers }, body: copy(e.body) })),
    listening: () => [...endpoints.keys()].filter((k) => k.startsWith("http://")).map((k) => k.slice("http://".length)),
  };
  return network;
}

function splitBody(body: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < body.length; offset += size) out.push(copy(body.subarray(offset, offset + size)));
  return out;
}

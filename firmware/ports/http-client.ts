import type { TlsClientOptions } from "./mqtt";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  /** Absolute `http://` or `https://` URL. */
  url: string;
  /** Header names in any case; the adapter sends them as given. */
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** TLS options for `https://` (CA to trust, optional client credentials). */
  tls?: Partial<TlsClientOptions> & { ca: Uint8Array[] };
  /** Give up when no byte arrives for this long (ms). */
  timeoutMs?: number;
}

/** A response whose body is read as a stream, chunk by chunk. */
export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Next body chunk, or `undefined` at the end. Rejects if the connection breaks mid-body. */
  read(): Promise<Uint8Array | undefined>;
  /** Stop reading and close the connection. */
  cancel(): void;
}

/**
 * HTTP(S) client for claiming and OTA downloads. Moddable: `http` `Request` over `securesocket`;
 * host: node:http/https. Supports `Range` request headers (the server may ignore them).
 */
export interface HttpClientPort {
  /** Send a request; resolves when the status line and headers have arrived. */
  request(request: HttpRequest): Promise<HttpResponse>;
}

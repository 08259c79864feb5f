export interface HttpServerRequest {
  method: string;
  /** Path with query string, e.g. `/prov-session`. */
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** Identifies the TCP connection (protocomm tracks sessions by socket when there is no cookie). */
  connectionId: number;
}

export type HttpServerResponse =
  | { status: number; headers?: Record<string, string>; body?: Uint8Array }
  /** Close the TCP connection without answering (protocomm does this on a failed handshake). */
  | { close: true };

export interface HttpServerHandle {
  /** The bound port (useful when 0 was asked for). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP/1.1 server (SoftAP provisioning, local control). Moddable: `http` `Server`;
 * host: node:http on a loopback port. Request bodies larger than `maxBodyBytes` are refused with 413.
 */
export interface HttpServerPort {
  listen(
    options: { port: number; host?: string; maxBodyBytes?: number },
    handler: (request: HttpServerRequest) => Promise<HttpServerResponse>,
  ): Promise<HttpServerHandle>;
}

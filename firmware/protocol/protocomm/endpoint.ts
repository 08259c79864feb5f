/** Types shared by the protocomm core and its endpoint handlers. */

/**
 * An endpoint handler: decrypted request body in, plaintext response body out. Throwing (for
 * example a `ProtoError` from `decodeOrThrow`) makes the core close the connection without a reply.
 */
export type EndpointHandler = (request: Uint8Array) => Uint8Array;

/** One request as the transport hands it over. */
export interface ProtocommRequest {
  /** Endpoint name (HTTP path without `/`, or the BLE characteristic's user description). */
  readonly endpoint: string;
  readonly body: Uint8Array;
  /** Raw `Cookie` header, if the client sent one. */
  readonly cookie?: string;
  /** Identifies the TCP connection (or BLE link) the request came on. */
  readonly connectionId: number | string;
}

export type ProtocommResponse =
  | { readonly body: Uint8Array; readonly setCookie?: string }
  /** Close the connection without a reply; `reason` is for the log. */
  | { readonly close: true; readonly reason: string };

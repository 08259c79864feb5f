/**
 * Shape of one REST route in the routes table (`cloud-stub/routes.ts`). Handlers are plain functions
 * of (request, deps) -> reply; `app.ts` adapts them to fastify, does auth and maps errors.
 */
import type { AppDeps } from "../../deps";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RestRequest {
  /** Parsed JSON body (validated by `schema.body`), or the raw bytes when `rawBody` is set. */
  body: unknown;
  query: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  /** Set when `auth` is "user": the caller's user id from a valid access token. */
  userId?: string;
  /** The raw access token of the caller (for logout). */
  accessToken?: string;
  /** Client address of the connection (rate limits of the claim service). */
  remoteAddress?: string;
  /** True when the request came over TLS (HTTPS listener of `server.ts`). */
  secure?: boolean;
}

export interface RestReply {
  /** Default 200. */
  status?: number;
  /** JSON-serialised unless it is a Uint8Array (sent as application/octet-stream). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface RestRoute {
  method: HttpMethod;
  /** fastify URL pattern, e.g. `/v1/user/nodes` or `/ota/images/:imageId`. */
  url: string;
  /** "user": requires an access token in `Authorization` (raw or `Bearer `) [cloud-rest-api 0]. */
  auth: "user" | "none";
  /** JSON schemas (fastify); every route has one. */
  schema: { body?: object; querystring?: object; params?: object };
  /** Accept any content type as raw bytes (OTA upload). */
  rawBody?: boolean;
  /** Per-route body limit in bytes; defaults to config.bodyLimitBytes. */
  bodyLimit?: (deps: AppDeps) => number;
  handle(req: RestRequest, deps: AppDeps): Promise<RestReply> | RestReply;
}

/** A 4xx/5xx answer in the contract's shape `{"status":"failure","error_code":N,"description":…}` [cloud-rest-api 0]. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: number,
    description: string,
    /** Extra response headers (e.g. `content-range` on 416). */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "ApiError";
  }
}

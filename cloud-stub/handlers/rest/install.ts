/**
 * Adapts the routes table to fastify: JSON parsing that tolerates empty bodies, raw-body routes,
 * authentication, and one error shape for every 4xx/5xx, fastify's own included [cloud-rest-api 0].
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./route";
import type { RestRoute, RestReply } from "./route";
import { ErrorCodes } from "./error-codes";
import { failureBody } from "./failure-body";
import { authenticate } from "./authenticate";
import type { AppDeps } from "../../deps";

interface Caller {
  userId: string;
  accessToken: string;
}

export function installRestRoutes(http: FastifyInstance, routes: readonly RestRoute[], deps: AppDeps): void {
  /** Callers authenticated in `onRequest`, before body parsing and validation. */
  const callers = new WeakMap<FastifyRequest, Caller>();
  installParsers(http);
  http.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, code, description } = classify(err);
    if (status >= 500) deps.log.error("request failed", { method: req.method, url: req.url, error: String(err) });
    else deps.log.warn("request rejected", { method: req.method, url: req.url, status, description });
    if (err instanceof ApiError) for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
    void reply.code(status).type("application/json").send(failureBody(code, description));
  });
  http.setNotFoundHandler((req, reply) => {
    void reply.code(404).type("application/json").send(failureBody(ErrorCodes.NotFound, `No route ${req.method} ${req.url.split("?")[0]}`));
  });
  for (const route of routes) {
    http.route({
      method: route.method,
      url: route.url,
      schema: route.schema,
      bodyLimit: route.bodyLimit ? route.bodyLimit(deps) : deps.config.bodyLimitBytes,
      config: { rawBody: route.rawBody === true },
      onRequest:
        route.auth === "user"
          ? async (req) => {
              callers.set(req, await authenticate(req.headers.authorization, deps));
            }
          : undefined,
      handler: async (req, reply) => send(reply, await run(route, req, callers.get(req), deps)),
    });
  }
}

async function run(route: RestRoute, req: FastifyRequest, caller: Caller | undefined, deps: AppDeps): Promise<RestReply> {
  const body = route.rawBody && typeof req.body === "string" ? Buffer.from(req.body) : req.body;
  return route.handle(
    {
      body,
      query: (req.query ?? {}) as Record<string, string | undefined>,
      params: (req.params ?? {}) as Record<string, string | undefined>,
      headers: req.headers,
      userId: caller?.userId,
      accessToken: caller?.accessToken,
      remoteAddress: req.ip,
      secure: req.protocol === "https",
    },
    deps,
  );
}

function send(reply: FastifyReply, result: RestReply): FastifyReply {
  reply.code(result.status ?? 200);
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  if (result.body instanceof Uint8Array) {
    if (!reply.hasHeader("content-type")) reply.type("application/octet-stream");
    return reply.send(Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength));
  }
  return reply.type("application/json").send(JSON.stringify(result.body));
}

function installParsers(http: FastifyInstance): void {
  http.removeAllContentTypeParsers();
  // The CLI sends `Content-Type: application/json` on body-less POSTs (logout2): empty = no body.
  http.addContentTypeParser("application/json", { parseAs: "string" }, (_req, text, done) => {
    const source = String(text);
    if (source.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(source));
    } catch {
      done(new ApiError(400, ErrorCodes.BadRequest, "Body is not valid JSON"), undefined);
    }
  });
  http.addContentTypeParser("*", { parseAs: "buffer" }, (req, body, done) => {
    const raw = (req.routeOptions.config as { rawBody?: boolean } | undefined)?.rawBody === true;
    if (raw) return done(null, body);
    done(new ApiError(415, ErrorCodes.UnsupportedMediaType, "Content-Type must be application/json"), undefined);
  });
}

function classify(err: FastifyError): { status: number; code: number; description: string } {
  if (err instanceof ApiError) return { status: err.httpStatus, code: err.errorCode, description: err.message };
  if (err.validation) return { status: 400, code: ErrorCodes.BadRequest, description: `Invalid request: ${err.message}` };
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") return { status: 413, code: ErrorCodes.BodyTooLarge, description: "Request body too large" };
  if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return { status: 415, code: ErrorCodes.UnsupportedMediaType, description: "Unsupported content type" };
  const status = typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) return { status, code: ErrorCodes.Internal, description: "Internal error" };
  return { status, code: ErrorCodes.BadRequest, description: err.message };
}

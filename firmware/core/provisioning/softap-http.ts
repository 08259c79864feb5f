import type { HttpServerRequest, HttpServerResponse } from "../../ports/http-server";
import type { LogPort } from "../../ports/log";
import { utf8Encode } from "../../protocol/bytes";
import { MAX_BODY_LENGTH, type Protocomm } from "../../protocol/protocomm/protocomm";

const text = (status: number, message: string): HttpServerResponse => ({
  status,
  headers: { "content-type": "text/plain" },
  body: utf8Encode(message),
});

/**
 * SoftAP transport [spec 6.1]: `POST /<endpoint>`, body 1..4096 raw bytes, reply 200 with
 * `Content-Type: text/html` and the protocomm `Set-Cookie`; a protocomm close drops the socket.
 */
export function createSoftApHandler(
  protocomm: Protocomm,
  log: LogPort,
  /** Awaited before a reply is sent (holds a blocking ScanStart reply until the scan ended). */
  beforeReply: () => Promise<void> = () => Promise.resolve(),
): (request: HttpServerRequest) => Promise<HttpServerResponse> {
  return async (request) => {
    const q = request.path.indexOf("?");
    let endpoint: string;
    try {
      endpoint = decodeURIComponent((q < 0 ? request.path : request.path.slice(0, q)).replace(/^\/+/, ""));
    } catch {
      log.log("warn", "prov", `HTTP ${request.method}: malformed path ${JSON.stringify(request.path.slice(0, 80))}`);
      return text(400, "Bad Request");
    }
    if (!protocomm.endpoints().includes(endpoint)) {
      log.log("warn", "prov", `HTTP ${request.method} ${request.path}: no such endpoint`);
      return text(404, "Not Found");
    }
    if (request.method !== "POST") return text(405, "Method Not Allowed");
    if (request.body.length < 1 || request.body.length > MAX_BODY_LENGTH) {
      log.log("warn", "prov", `HTTP POST /${endpoint}: body length ${request.body.length} outside 1..${MAX_BODY_LENGTH}`);
      return text(400, "Bad Request");
    }
    const cookie = request.headers["cookie"];
    const out = protocomm.handle({
      endpoint,
      body: request.body,
      connectionId: request.connectionId,
      ...(cookie !== undefined ? { cookie } : {}),
    });
    if ("close" in out) return { close: true };
    await beforeReply();
    const headers: Record<string, string> = { "content-type": "text/html" };
    if (out.setCookie !== undefined) headers["set-cookie"] = out.setCookie;
    return { status: 200, headers, body: out.body };
  };
}

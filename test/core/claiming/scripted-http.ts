import type { HttpClientPort, HttpRequest } from "../../../firmware/ports/http-client";
import { utf8Decode, utf8Encode } from "../../../firmware/protocol/bytes";

export interface ScriptedReply { status: number; body: string | Uint8Array; headers?: Record<string, string> }

/** An HttpClientPort answering by URL path from a script; `undefined` from the script = connection refused. */
export function scriptedHttp(script: (path: string, body: Record<string, unknown>) => ScriptedReply | undefined): HttpClientPort & { requests: Array<{ path: string; body: Record<string, unknown>; request: HttpRequest }> } {
  const requests: Array<{ path: string; body: Record<string, unknown>; request: HttpRequest }> = [];
  return {
    requests,
    async request(request) {
      const path = request.url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
      const body = request.body ? (JSON.parse(utf8Decode(request.body)) as Record<string, unknown>) : {};
      requests.push({ path, body, request });
      const reply = script(path, body);
      if (!reply) throw new Error("connect ECONNREFUSED");
      let data: Uint8Array | undefined = typeof reply.body === "string" ? utf8Encode(reply.body) : reply.body;
      return {
        status: reply.status,
        headers: reply.headers ?? {},
        async read() {
          const out = data;
          data = undefined;
          return out && out.length > 0 ? out : undefined;
        },
        cancel() {
          data = undefined;
        },
      };
    },
  };
}

/**
 * `GET /v1/user/events?token=<access token>`: the dashboard's live channel, Server-Sent Events of every
 * `LiveEvent` about nodes mapped to the caller. `EventSource` cannot send headers, hence the token in
 * the query; it is checked like `Authorization` [cloud-rest-api 0].
 */
import type { FastifyInstance } from "fastify";
import type { ServerResponse } from "node:http";
import type { AppDeps } from "../deps";
import type { LiveEvent } from "./events";
import { authenticate } from "../handlers/rest/authenticate";
import { ApiError } from "../handlers/rest/route";
import { ErrorCodes } from "../handlers/rest/error-codes";
import { SseHeartbeat, liveEventFrame, sseFrame } from "./sse-frame";

export const LiveChannel = Object.freeze({ url: "/v1/user/events", heartbeatMs: 15_000, retryMs: 2_000 });

export function visibleTo(deps: AppDeps, userId: string, ev: LiveEvent): boolean {
  return deps.store.getMapping(userId, ev.nodeId) !== null;
}

export function installLiveChannel(http: FastifyInstance, deps: AppDeps): void {
  const open = new Set<ServerResponse>();
  http.addHook("preClose", async () => {
    for (const res of open) res.end();
    open.clear();
  });
  http.route({
    method: "GET",
    url: LiveChannel.url,
    schema: { querystring: { type: "object", properties: { token: { type: "string", maxLength: 4096 } } } },
    handler: async (req, reply) => {
      const token = (req.query as { token?: string }).token;
      if (!token) throw new ApiError(401, ErrorCodes.Unauthorized, "token query parameter missing");
      const { userId } = await authenticate(token, deps);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
      res.write(`retry: ${LiveChannel.retryMs}\n`);
      res.write(sseFrame("hello", { user_id: userId }));
      open.add(res);
      const off = deps.live.events.on((ev) => {
        if (visibleTo(deps, userId, ev)) res.write(liveEventFrame(ev));
      });
      const heartbeat = setInterval(() => res.write(SseHeartbeat), LiveChannel.heartbeatMs);
      heartbeat.unref();
      res.on("close", () => {
        off();
        clearInterval(heartbeat);
        open.delete(res);
      });
    },
  });
}

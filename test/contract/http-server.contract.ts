import assert from "node:assert/strict";
import type { HttpServerPort, HttpServerRequest } from "../../firmware/ports/http-server";

/** What a test client got back: a reply, or the connection closed without one. */
export type SentResult = { status: number; headers: Record<string, string>; body: Uint8Array } | "closed";

/** A server under test and a client that can reuse named connections. */
export interface HttpServerHarness {
  server: HttpServerPort;
  send(port: number, request: { method: string; path: string; headers?: Record<string, string>; body?: Uint8Array }, connection?: string): Promise<SentResult>;
  close(): Promise<void>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

const reply = (result: SentResult) => {
  assert.notEqual(result, "closed", "expected a reply");
  return result as Exclude<SentResult, "closed">;
};

/** HttpServerPort contract: request shape, 413, connection ids, unanswered close, handler errors, ports. */
export function httpServerContract(name: string, makeHarness: () => Promise<HttpServerHarness>): void {
  describe(`HttpServerPort contract: ${name}`, function () {
    this.timeout(10000);
    let h: HttpServerHarness;
    const handles: { close(): Promise<void> }[] = [];
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      for (const handle of handles.splice(0)) await handle.close();
      await h.close();
    });
    const listen = async (handler: (r: HttpServerRequest) => ReturnType<Parameters<HttpServerPort["listen"]>[1]>, maxBodyBytes?: number) => {
      const handle = await h.server.listen({ port: 0, maxBodyBytes }, handler);
      handles.push(handle);
      return handle;
    };

    it("hands the handler method, path with query, lower-cased headers and body; returns its reply", async () => {
      let seen: HttpServerRequest | undefined;
      const handle = await listen(async (request) => {
        seen = request;
        return { status: 200, headers: { "Content-Type": "application/x-protobuf" }, body: Uint8Array.from([8, 1]) };
      });
      assert.ok(handle.port > 0);
      const result = reply(await h.send(handle.port, { method: "POST", path: "/prov-session?v=1", headers: { "X-Test": "yes" }, body: Uint8Array.from([1, 2, 3]) }));
      assert.equal(result.status, 200);
      assert.equal(result.headers["content-type"], "application/x-protobuf");
      assert.deepEqual(Array.from(result.body), [8, 1]);
      assert.equal(seen!.method, "POST");
      assert.equal(seen!.path, "/prov-session?v=1");
      assert.equal(seen!.headers["x-test"], "yes");
      assert.deepEqual(Array.from(seen!.body), [1, 2, 3]);
    });

    it("answers 413 without calling the handler when the body exceeds maxBodyBytes", async () => {
      let calls = 0;
      const handle = await listen(async () => {
        calls++;
        return { status: 200 };
      }, 16);
      assert.equal(reply(await h.send(handle.port, { method: "POST", path: "/x", body: new Uint8Array(16) })).status, 200);
      assert.equal(reply(await h.send(handle.port, { method: "POST", path: "/x", body: new Uint8Array(17) })).status, 413);
      assert.equal(calls, 1);
    });

    it("keeps one connectionId per TCP connection and a different one per connection", async () => {
      const ids: number[] = [];
      const handle = await listen(async (request) => {
        ids.push(request.connectionId);
        return { status: 200, body: bytes("ok") };
      });
      await h.send(handle.port, { method: "POST", path: "/a" }, "phone-1");
      await h.send(handle.port, { method: "POST", path: "/b" }, "phone-1");
      await h.send(handle.port, { method: "POST", path: "/c" }, "phone-2");
      assert.equal(ids[0], ids[1]);
      assert.notEqual(ids[0], ids[2]);
    });

    it("closes the connection without a reply on {close: true}; the next request gets a new connection", async () => {
      const ids: number[] = [];
      const handle = await listen(async (request) => {
        ids.push(request.connectionId);
        return request.path === "/bad" ? { close: true } : { status: 200 };
      });
      await h.send(handle.port, { method: "POST", path: "/ok" }, "c");
      assert.equal(await h.send(handle.port, { method: "POST", path: "/bad" }, "c"), "closed");
      reply(await h.send(handle.port, { method: "POST", path: "/ok" }, "c"));
      assert.equal(ids[0], ids[1]);
      assert.notEqual(ids[1], ids[2]);
    });

    it("answers 500 when the handler throws and keeps serving", async () => {
      const handle = await listen(async (request) => {
        if (request.path === "/boom") throw new Error("handler bug");
        return { status: 204 };
      });
      assert.equal(reply(await h.send(handle.port, { method: "GET", path: "/boom" })).status, 500);
      assert.equal(reply(await h.send(handle.port, { method: "GET", path: "/fine" })).status, 204);
    });

    it("binds distinct ephemeral ports and stops answering after close()", async () => {
      const a = await listen(async () => ({ status: 200, body: bytes("a") }));
      const b = await listen(async () => ({ status: 200, body: bytes("b") }));
      assert.notEqual(a.port, b.port);
      assert.equal(text(reply(await h.send(b.port, { method: "GET", path: "/" })).body), "b");
      await a.close();
      await assert.rejects(h.send(a.port, { method: "GET", path: "/" }));
    });
  });
}

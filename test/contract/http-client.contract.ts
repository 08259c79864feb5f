import assert from "node:assert/strict";
import type { HttpClientPort, HttpResponse } from "../../firmware/ports/http-client";
import type { HttpServerRequest } from "../../firmware/ports/http-server";
import { concatBytes } from "../../firmware/protocol/bytes";
import type { FakeHttpReply } from "../../host-sim/fakes/http";
import type { SocketBudget } from "../../host-sim/fakes/socket-budget";
import { waitFor } from "./wait-for";

/** A client under test and a scripted server it can reach. */
export interface HttpClientHarness {
  client: HttpClientPort;
  sockets: SocketBudget;
  /** Serve scripted replies; resolves with the base URL (`http://host:port`). */
  serve(handler: (request: HttpServerRequest) => FakeHttpReply): Promise<string>;
  /** A base URL nothing listens on. */
  deadUrl: string;
  close(): Promise<void>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** Read a response body to the end. */
export async function readAll(response: HttpResponse): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let chunk = await response.read(); chunk !== undefined; chunk = await response.read()) parts.push(chunk);
  return concatBytes(...parts);
}

/** HttpClientPort contract: status, headers, streaming body, Range pass-through, failures, timeouts, sockets. */
export function httpClientContract(name: string, makeHarness: () => Promise<HttpClientHarness>): void {
  describe(`HttpClientPort contract: ${name}`, function () {
    this.timeout(10000);
    let h: HttpClientHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => h.close());

    it("GETs status, lower-cased headers and the whole body; read() returns undefined at the end", async () => {
      const base = await h.serve(() => ({ status: 200, headers: { "Content-Type": "application/json", "X-Node": "n1" }, body: bytes('{"ok":true}') }));
      const response = await h.client.request({ method: "GET", url: `${base}/claim/status` });
      assert.equal(response.status, 200);
      assert.equal(response.headers["content-type"], "application/json");
      assert.equal(response.headers["x-node"], "n1");
      assert.equal(text(await readAll(response)), '{"ok":true}');
      assert.equal(await response.read(), undefined);
    });

    it("sends method, path, headers and body as given", async () => {
      let seen: HttpServerRequest | undefined;
      const base = await h.serve((request) => {
        seen = request;
        return { status: 201, body: new Uint8Array(0) };
      });
      const body = Uint8Array.from([0, 1, 2, 250]);
      const response = await h.client.request({ method: "POST", url: `${base}/claim/initiate?x=1`, headers: { "Content-Type": "application/octet-stream", "X-Custom": "v" }, body });
      assert.equal(response.status, 201);
      await readAll(response);
      assert.equal(seen!.method, "POST");
      assert.equal(seen!.path, "/claim/initiate?x=1");
      assert.equal(seen!.headers["content-type"], "application/octet-stream");
      assert.equal(seen!.headers["x-custom"], "v");
      assert.deepEqual(Array.from(seen!.body), [0, 1, 2, 250]);
    });

    it("passes a Range header through and returns a 206 partial body", async () => {
      const image = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
      const base = await h.serve((request) => {
        const match = /^bytes=(\d+)-$/.exec(request.headers["range"] ?? "");
        if (!match) return { status: 200, body: image };
        const from = Number(match[1]);
        return { status: 206, headers: { "content-range": `bytes ${from}-${image.length - 1}/${image.length}` }, body: image.subarray(from) };
      });
      const response = await h.client.request({ method: "GET", url: `${base}/fw.bin`, headers: { Range: "bytes=3000-" } });
      assert.equal(response.status, 206);
      assert.equal(response.headers["content-range"], "bytes 3000-4999/5000");
      assert.deepEqual(await readAll(response), image.subarray(3000));
    });

    it("streams a multi-chunk body in order", async () => {
      const chunks = Array.from({ length: 20 }, (_, i) => new Uint8Array(700).fill(i));
      const base = await h.serve(() => ({ status: 200, chunks }));
      const response = await h.client.request({ method: "GET", url: `${base}/big` });
      let reads = 0;
      const parts: number[] = [];
      for (let chunk = await response.read(); chunk !== undefined; chunk = await response.read()) {
        reads++;
        parts.push(...chunk);
      }
      assert.ok(reads >= 2, `body arrived in ${reads} read(s)`);
      assert.equal(parts.length, 14000);
      assert.deepEqual(parts.filter((_, i) => i % 700 === 0), chunks.map((_, i) => i));
    });

    it("passes error statuses through", async () => {
      const base = await h.serve(() => ({ status: 404, body: bytes("nope") }));
      const response = await h.client.request({ method: "GET", url: `${base}/missing` });
      assert.equal(response.status, 404);
      assert.equal(text(await readAll(response)), "nope");
    });

    it("rejects read() when the connection breaks mid-body", async () => {
      const base = await h.serve(() => ({ status: 200, body: new Uint8Array(8000).fill(7), failAfterBytes: 3000 }));
      const response = await h.client.request({ method: "GET", url: `${base}/fw.bin` });
      let got = 0;
      await assert.rejects(async () => {
        for (let chunk = await response.read(); chunk !== undefined; chunk = await response.read()) got += chunk.length;
      });
      assert.ok(got <= 3000, `received ${got} bytes before the break`);
    });

    it("rejects read() when no byte arrives within timeoutMs", async () => {
      const base = await h.serve(() => ({ status: 200, body: new Uint8Array(10), stall: true }));
      const response = await h.client.request({ method: "GET", url: `${base}/slow`, timeoutMs: 150 });
      await assert.rejects(response.read(), /timeout/);
    });

    it("rejects a request to a port nothing listens on, and a malformed URL", async () => {
      await assert.rejects(h.client.request({ method: "GET", url: `${h.deadUrl}/x` }));
      await assert.rejects(h.client.request({ method: "GET", url: "not a url" }), /URL/);
    });

    it("refuses https without a CA to verify the server", async () => {
      await assert.rejects(h.client.request({ method: "GET", url: "https://127.0.0.1:1/x" }), /CA/);
    });

    it("holds one device socket per request and frees it at the end of the body or on cancel", async () => {
      const base = await h.serve(() => ({ status: 200, body: bytes("x") }));
      const held: HttpResponse[] = [];
      for (let i = 0; i < h.sockets.max; i++) held.push(await h.client.request({ method: "GET", url: `${base}/${i}` }));
      await assert.rejects(h.client.request({ method: "GET", url: `${base}/extra` }), /TCP socket/);
      await readAll(held[0]!);
      held[1]!.cancel();
      await waitFor(() => h.sockets.inUse() === h.sockets.max - 2, "two sockets released");
      const again = await h.client.request({ method: "GET", url: `${base}/again` });
      await readAll(again);
      for (const r of held.slice(2)) await readAll(r);
      await waitFor(() => h.sockets.inUse() === 0, "all sockets released");
    });
  });
}

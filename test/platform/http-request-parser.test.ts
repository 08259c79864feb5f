/** The device HTTP server's request parser: chunking-independent, bounded, and never throwing on garbage. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { RequestParser, responseHead, type ParseResult } from "../../firmware/platform/moddable/http-request-parser";

const limits = { maxBodyBytes: 4096, maxHeaderBytes: 1024 };
const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

function feed(chunks: Uint8Array[]): ParseResult {
  const parser = new RequestParser(limits);
  let result: ParseResult = { state: "more" };
  for (const chunk of chunks) {
    result = parser.push(chunk);
    if (result.state !== "more") break;
  }
  return result;
}

function splitAt(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(data.subarray(at, p));
    at = p;
  }
  out.push(data.subarray(at));
  return out;
}

describe("RequestParser", () => {
  it("parses a protocomm POST the same however the bytes are split", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4096 }), fc.array(fc.nat(), { maxLength: 8 }), (body, cuts) => {
        const head = bytes(`POST /prov-session HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`);
        const wire = new Uint8Array(head.length + body.length);
        wire.set(head);
        wire.set(body, head.length);
        const result = feed(splitAt(wire, cuts));
        assert.equal(result.state, "done");
        if (result.state !== "done") return;
        assert.equal(result.request.method, "POST");
        assert.equal(result.request.path, "/prov-session");
        assert.equal(result.request.headers["content-type"], "application/x-www-form-urlencoded");
        assert.deepEqual(result.request.body, body);
      }),
      { numRuns: 60 },
    );
  });

  it("answers 413 for a declared body above the limit before reading it", () => {
    const result = feed([bytes("POST /x HTTP/1.1\r\nContent-Length: 4097\r\n\r\n")]);
    assert.deepEqual(result.state === "error" && result.status, 413);
  });

  it("answers 431 when headers never end within the limit", () => {
    const result = feed([bytes(`GET / HTTP/1.1\r\nX: ${"a".repeat(2000)}`)]);
    assert.deepEqual(result.state === "error" && result.status, 431);
  });

  it("answers 400 for malformed request lines and headers, 501 for chunked bodies", () => {
    for (const text of ["GARBAGE\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n", "GET / HTTP/2\r\n\r\n", "GET / HTTP/1.1\r\nbad header\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"]) {
      const result = feed([bytes(text)]);
      assert.deepEqual(result.state === "error" && result.status, 400, text);
    }
    const chunked = feed([bytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")]);
    assert.deepEqual(chunked.state === "error" && chunked.status, 501);
  });

  it("never throws on arbitrary input and stays final once decided", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 6 }), (chunks) => {
        const parser = new RequestParser(limits);
        let final: ParseResult | undefined;
        for (const chunk of chunks) {
          const result = parser.push(chunk);
          if (final) assert.deepEqual(result, final);
          else if (result.state !== "more") final = result;
        }
      }),
    );
  });

  it("keeps __proto__ as an ordinary header name", () => {
    const result = feed([bytes("GET / HTTP/1.1\r\n__proto__: x\r\n\r\n")]);
    assert.equal(result.state, "done");
    if (result.state === "done") assert.equal(Object.getOwnPropertyDescriptor(result.request.headers, "__proto__")?.value, "x");
  });
});

describe("responseHead", () => {
  it("writes status, given headers and a Content-Length matching the body", () => {
    const head = responseHead(200, { "Set-Cookie": "session=1", "Content-Length": "999" }, 12);
    assert.equal(head, "HTTP/1.1 200 OK\r\nSet-Cookie: session=1\r\nContent-Length: 12\r\nConnection: close\r\n\r\n");
  });
  it("refuses header values that would split the response", () => {
    assert.throws(() => responseHead(200, { X: "a\r\nInjected: 1" }, 0), /line break/);
  });
});

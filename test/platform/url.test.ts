/** URL parsing for the device HTTP client (no URL global on XS); node:url is the oracle, so this file runs on Node only. */
import assert from "node:assert/strict";
import { URL } from "node:url";
import fc from "fast-check";
import { parseHttpUrl } from "../../firmware/platform/moddable/url";

describe("parseHttpUrl", () => {
  it("splits scheme, host, port and path with default ports", () => {
    assert.deepEqual(parseHttpUrl("https://127.0.0.1:8443/v1/ota?x=1#frag"), { secure: true, host: "127.0.0.1", port: 8443, path: "/v1/ota?x=1" });
    assert.deepEqual(parseHttpUrl("http://example.com"), { secure: false, host: "example.com", port: 80, path: "/" });
    assert.deepEqual(parseHttpUrl("https://h?q"), { secure: true, host: "h", port: 443, path: "/?q" });
  });

  it("agrees with WHATWG URL on generated http(s) URLs", () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ["http", "https"], withQueryParameters: true }), (text) => {
        const whatwg = new URL(text);
        if (whatwg.username || whatwg.password || text.includes("@")) return;
        const parsed = parseHttpUrl(text);
        assert.equal(parsed.secure, whatwg.protocol === "https:");
        assert.equal(parsed.host.toLowerCase(), whatwg.hostname.replace(/^\[|\]$/g, "").toLowerCase());
        assert.equal(parsed.port, whatwg.port ? Number(whatwg.port) : parsed.secure ? 443 : 80);
      }),
    );
  });

  it("rejects other schemes, relative URLs and bad ports with a clear error", () => {
    for (const bad of ["ftp://h/", "/relative", "https://", "http://h:99999/", "http://user@h/"]) assert.throws(() => parseHttpUrl(bad), /URL/, bad);
  });
});

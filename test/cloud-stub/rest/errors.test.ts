import assert from "node:assert/strict";
import fc from "fast-check";
import { makeWorld, failure } from "./fixtures";
import type { World } from "./fixtures";
import { RestRoutes } from "../../../cloud-stub/routes";

describe("REST error bodies: always the contract's JSON failure shape", () => {
  let w: World;
  before(async () => {
    w = await makeWorld({ config: { bodyLimitBytes: 4096 } });
  });
  after(() => w.app.close());

  it("malformed JSON -> 400", async () => {
    const res = await w.app.http.inject({ method: "PUT", url: "/v1/user/nodes/params", headers: { authorization: w.alice, "content-type": "application/json" }, payload: "[{" });
    failure(res, 400);
  });

  it("oversized body -> 413", async () => {
    const res = await w.app.http.inject({
      method: "PUT",
      url: "/v1/user/nodes/params",
      headers: { authorization: w.alice, "content-type": "application/json" },
      payload: JSON.stringify([{ node_id: "L1", payload: { Light: { Name: "x".repeat(5000) } } }]),
    });
    failure(res, 413);
  });

  it("unknown route -> 404, wrong content type -> 415", async () => {
    failure(await w.app.http.inject({ method: "GET", url: "/v1/nothing/here" }), 404);
    failure(await w.app.http.inject({ method: "DELETE", url: "/apiversions" }), 404);
    const res = await w.app.http.inject({ method: "POST", url: "/v1/login2", headers: { "content-type": "text/plain" }, payload: "hello" });
    failure(res, 415);
  });

  it("missing auth -> 401 on every user route", async () => {
    for (const r of RestRoutes.filter((r) => r.auth === "user")) {
      const res = await w.app.http.inject({ method: r.method, url: r.url });
      failure(res, 401);
    }
  });

  it("random bodies and queries never give 5xx or a non-contract error (property)", async () => {
    const routes = RestRoutes.filter((r) => !r.url.includes(":"));
    const json = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(json.map((v) => JSON.stringify(v)), fc.string({ maxLength: 64 })), fc.string({ maxLength: 20 }), async (route, payload, q) => {
        const res = await w.app.http.inject({
          method: route.method,
          url: `${route.url}?nodeid=${encodeURIComponent(q)}&node_id=${encodeURIComponent(q)}&request_id=${encodeURIComponent(q)}`,
          headers: { authorization: w.bob, "content-type": "application/json" },
          ...(route.method === "GET" ? {} : { payload }),
        });
        assert.ok(res.statusCode < 500, `${route.method} ${route.url} ${payload}: ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) failure(res, res.statusCode);
      }),
      { numRuns: 300 },
    );
    assert.deepEqual(w.store.getNode("L1")!.params, { Light: { Power: false, Brightness: 10 } }, "bob never changed alice's node");
  });
});

import assert from "node:assert/strict";
import { makeWorld, failure } from "./fixtures";
import type { World } from "./fixtures";

describe("REST nodes: list, details, config, status, params, tags/metadata", () => {
  let w: World;
  const get = (url: string, token = w.alice) => w.app.http.inject({ method: "GET", url, headers: { authorization: token } });
  afterEach(() => w.app.close());

  describe("with default paging", () => {
    beforeEach(async () => {
      w = await makeWorld();
    });

    it("lists only the caller's nodes", async () => {
      assert.deepEqual((await get("/v1/user/nodes")).json(), { nodes: ["L1", "L2"], total: 2 });
      assert.deepEqual((await get("/v1/user/nodes", w.bob)).json(), { nodes: ["B1"], total: 1 });
    });

    it("answers node details with the fields the CLI reads, for all or one node", async () => {
      const all = (await get("/v1/user/nodes?node_details=true")).json();
      assert.deepEqual(all.node_details.map((n: { id: string }) => n.id), ["L1", "L2"]);
      const one = (await get("/v1/user/nodes?node_details=true&node_id=L1")).json().node_details[0];
      assert.deepEqual(one.status, { connectivity: { connected: true, timestamp: 1_795_000_000_000 } });
      assert.equal(one.role, "primary");
      assert.equal(one.primary, true);
      assert.equal(one.is_matter, false);
      assert.equal(one.mapping_timestamp, 1_794_990_000);
      assert.deepEqual(one.params, { Light: { Power: false, Brightness: 10 } });
      assert.equal(one.config.node_id, "L1");
      assert.deepEqual(one.tags, []);
      assert.deepEqual(one.metadata, {});
    });

    it("hides other users' nodes (403) and unknown nodes (404) on every node route", async () => {
      for (const url of ["/v1/user/nodes/config?nodeid=", "/v1/user/nodes/status?nodeid=", "/v1/user/nodes/params?nodeid=", "/v1/user/nodes?node_details=true&node_id="]) {
        failure(await get(`${url}B1`), 403);
        assert.equal(failure(await get(`${url}NOPE`), 404).error_code, 100010);
      }
      failure(await w.app.http.inject({ method: "PUT", url: "/v1/user/nodes?node_id=B1", headers: { authorization: w.alice }, payload: { tags: ["x"] } }), 403);
    });

    it("answers config, status and params of an owned node", async () => {
      assert.equal((await get("/v1/user/nodes/config?nodeid=L2")).json().node_id, "L2");
      assert.deepEqual((await get("/v1/user/nodes/status?nodeid=L2")).json(), { connectivity: { connected: false, timestamp: 1_795_000_000_000 } });
      assert.deepEqual((await get("/v1/user/nodes/params?nodeid=L2")).json(), { Light: { Power: false, Brightness: 10 } });
      failure(await get("/v1/user/nodes/config"), 400);
    });

    it("adds and removes tags and metadata", async () => {
      const send = (method: "PUT" | "DELETE", payload: object) =>
        w.app.http.inject({ method, url: "/v1/user/nodes?node_id=L1", headers: { authorization: w.alice }, payload });
      assert.equal((await send("PUT", { tags: ["room:hall", "floor:1"] })).statusCode, 200);
      assert.equal((await send("PUT", { metadata: { a: 1, b: { c: 2 } } })).statusCode, 200);
      await send("DELETE", { tags: ["floor:1"] });
      await send("DELETE", { metadata: { a: null } });
      let n = (await get("/v1/user/nodes?node_details=true&node_id=L1")).json().node_details[0];
      assert.deepEqual(n.tags, ["room:hall"]);
      assert.deepEqual(n.metadata, { b: { c: 2 } });
      await send("DELETE", { metadata: null });
      n = (await get("/v1/user/nodes?node_details=true&node_id=L1")).json().node_details[0];
      assert.deepEqual(n.metadata, {});
      failure(await send("PUT", {}), 400);
      failure(await send("PUT", { tags: "not-a-list" }), 400);
    });
  });

  it("pages with next_id / start_id", async () => {
    w = await makeWorld({ config: { nodesPageSize: 1 } });
    const first = (await get("/v1/user/nodes")).json();
    assert.deepEqual(first, { nodes: ["L1"], total: 2, next_id: "L2" });
    const second = (await get(`/v1/user/nodes?start_id=${first.next_id}`)).json();
    assert.deepEqual(second, { nodes: ["L2"], total: 2 });
    const details = (await get("/v1/user/nodes?node_details=true&start_id=L2")).json();
    assert.deepEqual(details.node_details.map((n: { id: string }) => n.id), ["L2"]);
    assert.equal(details.next_id, undefined);
  });
});

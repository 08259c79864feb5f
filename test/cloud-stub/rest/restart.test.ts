import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../../cloud-stub/store/sqlite";
import { makeWorld, Alice } from "./fixtures";
import { makeHarness } from "./harness";

describe("cloud app on a SQLite file survives a restart", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "xsr-restart-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps users, sessions, tokens' secret, nodes, shadow and mapping requests", async () => {
    const file = join(dir, "cloud.db");
    const w = await makeWorld({ store: openSqliteStore(file) });
    const login = await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: { user_name: Alice.user_name, password: Alice.password } });
    const { accesstoken, refreshtoken } = login.json();
    await w.app.onMqttMessage({ topic: "node/L1/params/local", nodeId: "L1", payload: new TextEncoder().encode('{"Light":{"Power":true}}') });
    const req = await w.app.http.inject({ method: "PUT", url: "/v1/user/nodes/mapping", headers: { authorization: accesstoken }, payload: { user_id: Alice.user_id, node_id: "N5", secret_key: "k", operation: "add" } });
    await w.app.close();
    w.store.close();

    const again = makeHarness({ store: openSqliteStore(file), now: w.clock.now() });
    try {
      const h = { authorization: accesstoken };
      assert.deepEqual((await again.app.http.inject({ method: "GET", url: "/v1/user/nodes", headers: h })).json().nodes, ["L1", "L2"]);
      assert.deepEqual((await again.app.http.inject({ method: "GET", url: "/v1/user/nodes/params?nodeid=L1", headers: h })).json(), { Light: { Power: true, Brightness: 10 } });
      const poll = await again.app.http.inject({ method: "GET", url: `/v1/user/nodes/mapping?request_id=${req.json().request_id}`, headers: h });
      assert.equal(poll.json().request_status, "requested");
      const refreshed = await again.app.http.inject({ method: "POST", url: "/v1/login2", payload: { refreshtoken } });
      assert.equal(refreshed.statusCode, 200);
      const next = await again.app.http.inject({ method: "PUT", url: "/v1/user/nodes/mapping", headers: h, payload: { user_id: Alice.user_id, node_id: "N6", secret_key: "k", operation: "add" } });
      assert.notEqual(next.json().request_id, req.json().request_id, "request id counter persisted");
    } finally {
      await again.app.close();
      again.store.close();
    }
  });
});

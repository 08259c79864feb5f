import assert from "node:assert/strict";
import { makeWorld, failure } from "./fixtures";
import type { World } from "./fixtures";

describe("REST PUT /v1/user/nodes/params", () => {
  let w: World;
  const put = (payload: unknown) =>
    w.app.http.inject({ method: "PUT", url: "/v1/user/nodes/params", headers: { authorization: w.alice, "content-type": "application/json" }, payload: JSON.stringify(payload) });
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.app.close());

  it("publishes params/remote for each owned node and leaves the shadow to the node's echo", async () => {
    const res = await put([
      { node_id: "L1", payload: { Light: { Power: true } } },
      { node_id: "L2", payload: { Light: { Brightness: 99 }, Time: { TZ: "Europe/Berlin" } } },
    ]);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), [{ node_id: "L1", status: "success" }, { node_id: "L2", status: "success" }]);
    assert.deepEqual(w.bus.published, [
      { topic: "node/L1/params/remote", json: { Light: { Power: true } } },
      { topic: "node/L2/params/remote", json: { Light: { Brightness: 99 }, Time: { TZ: "Europe/Berlin" } } },
    ]);
    assert.deepEqual(w.store.getNode("L2")!.params, { Light: { Power: false, Brightness: 10 } });
    await w.app.onMqttMessage({ topic: "node/L2/params/local", nodeId: "L2", payload: new TextEncoder().encode('{"Light":{"Brightness":99}}') });
    assert.deepEqual(w.store.getNode("L2")!.params, { Light: { Power: false, Brightness: 99 } });
  });

  it("answers 207 with per-node failures for unknown, foreign, malformed and undeliverable entries", async () => {
    w.bus.failFor.add("L2");
    const res = await put([
      { node_id: "L1", payload: { Light: { Power: true } } },
      { node_id: "NOPE", payload: { Light: { Power: true } } },
      { node_id: "B1", payload: { Light: { Power: true } } },
      { node_id: "L1", payload: { Light: 5 } },
      { node_id: "L2", payload: { Light: { Power: true } } },
    ]);
    assert.equal(res.statusCode, 207);
    const body = res.json() as { node_id: string; status: string; description?: string }[];
    assert.deepEqual(body.map((r) => [r.node_id, r.status]), [["L1", "success"], ["NOPE", "failure"], ["B1", "failure"], ["L1", "failure"], ["L2", "failure"]]);
    assert.equal(body[1]!.description, "Node not found");
    assert.deepEqual(w.bus.published.map((p) => p.topic), ["node/L1/params/remote"]);
    assert.deepEqual(w.store.getNode("B1")!.params, { Light: { Power: false, Brightness: 10 } });
    assert.deepEqual(w.store.getNode("L2")!.params, { Light: { Power: false, Brightness: 10 } }, "failed delivery leaves the shadow");
  });

  it("refuses a body that is not an array of {node_id, payload}", async () => {
    for (const bad of [{ node_id: "L1", payload: {} }, [], [{ node_id: "L1" }], "x"]) failure(await put(bad), 400);
    assert.equal(w.bus.published.length, 0);
  });
});

import assert from "node:assert/strict";
import { makeWorld, failure, Alice, Bob } from "./fixtures";
import type { World } from "./fixtures";
import { makeNodeIdentity } from "./node-certificate";

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe("REST user-node mapping", () => {
  let w: World;
  const put = (body: object, token = w.alice) => w.app.http.inject({ method: "PUT", url: "/v1/user/nodes/mapping", headers: { authorization: token }, payload: body });
  const poll = (id: string, token = w.alice) => w.app.http.inject({ method: "GET", url: `/v1/user/nodes/mapping?&request_id=${id}`, headers: { authorization: token } });
  const report = (nodeId: string, body: object, topicNode = nodeId) =>
    w.app.onMqttMessage({ topic: `node/${topicNode}/user/mapping`, nodeId, payload: enc(body) });
  const nodesOf = async (token: string) => (await w.app.http.inject({ method: "GET", url: "/v1/user/nodes", headers: { authorization: token } })).json().nodes;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.app.close());

  describe("legacy secret-key flow [spec 5.1]", () => {
    const add = { user_id: Alice.user_id, node_id: "N9", secret_key: "k-123", operation: "add" };

    it("PUT -> requested; device report -> confirmed and listed", async () => {
      const res = await put({ ...add, tags: ["new"], metadata: { where: "lab" } });
      assert.equal(res.statusCode, 200);
      const id = res.json().request_id as string;
      assert.match(id, /^MAPREQ\d{14}$/);
      assert.equal((await poll(id)).json().request_status, "requested");
      await report("N9", { node_id: "N9", user_id: Alice.user_id, secret_key: "k-123" });
      assert.deepEqual((await poll(id)).json(), { request_id: id, request_status: "confirmed", user_request: true, node_id: "N9" });
      assert.deepEqual(await nodesOf(w.alice), ["L1", "L2", "N9"]);
      assert.deepEqual(w.store.getNode("N9")!.tags, ["new"]);
      assert.deepEqual(w.store.getNode("N9")!.metadata, { where: "lab" });
    });

    it("a device report that came first still confirms a later PUT within the window", async () => {
      await report("N9", { node_id: "N9", user_id: Alice.user_id, secret_key: "k-123", reset: true });
      w.clock.ms += 10_000;
      const id = (await put(add)).json().request_id;
      assert.equal((await poll(id)).json().request_status, "confirmed");
    });

    it("a wrong secret key, another user's id, or a foreign node id does not confirm; the request times out", async () => {
      const id = (await put(add)).json().request_id;
      await report("N9", { node_id: "N9", user_id: Alice.user_id, secret_key: "wrong" });
      await report("N9", { node_id: "N9", user_id: Bob.user_id, secret_key: "k-123" });
      await report("X1", { node_id: "N9", user_id: Alice.user_id, secret_key: "k-123" }, "X1");
      await report("X1", { node_id: "N9", user_id: Alice.user_id, secret_key: "k-123" }, "N9");
      assert.equal((await poll(id)).json().request_status, "requested");
      w.clock.ms += 60_000;
      assert.equal((await poll(id)).json().request_status, "timedout");
      await report("N9", { node_id: "N9", user_id: Alice.user_id, secret_key: "k-123" });
      assert.equal((await poll(id)).json().request_status, "timedout");
      assert.deepEqual(await nodesOf(w.alice), ["L1", "L2"]);
    });

    it("reset:true from the factory-reset report drops existing mappings", async () => {
      await report("L1", { node_id: "L1", user_id: "esp-rmaker", secret_key: "failed", reset: true });
      assert.deepEqual(await nodesOf(w.alice), ["L2"]);
    });

    it("remove unmaps at once; user_id must be the caller; polls are per user", async () => {
      const res = await put({ user_id: Alice.user_id, node_id: "L1", secret_key: "", operation: "remove" });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await nodesOf(w.alice), ["L2"]);
      failure(await put({ user_id: Alice.user_id, node_id: "L1", secret_key: "", operation: "remove" }), 404);
      failure(await put({ ...add, user_id: Bob.user_id }), 403);
      failure(await put({ ...add, secret_key: "" }), 400);
      const id = (await put(add)).json().request_id;
      failure(await poll(id, w.bob), 404);
      failure(await poll("MAPREQ99999999999999"), 404);
    });
  });

  describe("challenge-response flow [spec 5.2]", () => {
    for (const kind of ["ec", "rsa"] as const) {
      it(`maps the node when the ${kind.toUpperCase()} signature over the challenge verifies`, async () => {
        const node = await makeNodeIdentity("C1", kind);
        w.store.setCertificate("C1", node.certificatePem, 0);
        const init = await w.app.http.inject({ method: "POST", url: "/v1/user/nodes/mapping/initiate", headers: { authorization: w.alice }, payload: { timeout: 360 } });
        assert.equal(init.statusCode, 200);
        const { request_id, challenge } = init.json() as { request_id: string; challenge: string };
        const signature = Buffer.from(node.sign(new TextEncoder().encode(challenge))).toString("hex");
        const verify = (sig: string, rid = request_id) =>
          w.app.http.inject({ method: "POST", url: "/v1/user/nodes/mapping/verify", headers: { authorization: w.alice }, payload: { request_id: rid, node_id: "C1", challenge_response: sig, tags: ["ch"] } });
        const ok = await verify(signature);
        assert.equal(ok.statusCode, 200, ok.body);
        assert.deepEqual(await nodesOf(w.alice), ["C1", "L1", "L2"]);
        assert.deepEqual(w.store.getNode("C1")!.tags, ["ch"]);
        failure(await verify(signature), 409);
      });
    }

    it("refuses a bad signature (and discards the request), another node's key, and an expired request", async () => {
      const c1 = await makeNodeIdentity("C1", "ec");
      const c2 = await makeNodeIdentity("C2", "ec");
      w.store.setCertificate("C1", c1.certificatePem, 0);
      const initiate = async () =>
        (await w.app.http.inject({ method: "POST", url: "/v1/user/nodes/mapping/initiate", headers: { authorization: w.alice }, payload: { timeout: 5 } })).json() as { request_id: string; challenge: string };
      const verify = (rid: string, sig: Uint8Array) =>
        w.app.http.inject({ method: "POST", url: "/v1/user/nodes/mapping/verify", headers: { authorization: w.alice }, payload: { request_id: rid, node_id: "C1", challenge_response: Buffer.from(sig).toString("hex") } });
      const a = await initiate();
      failure(await verify(a.request_id, c2.sign(new TextEncoder().encode(a.challenge))), 400);
      failure(await verify(a.request_id, c1.sign(new TextEncoder().encode(a.challenge))), 409);
      const b = await initiate();
      w.clock.ms += 6000;
      failure(await verify(b.request_id, c1.sign(new TextEncoder().encode(b.challenge))), 409);
      const c = await initiate();
      failure(
        await w.app.http.inject({ method: "POST", url: "/v1/user/nodes/mapping/verify", headers: { authorization: w.alice }, payload: { request_id: c.request_id, node_id: "C1", challenge_response: "zz" } }),
        400,
      );
      assert.deepEqual(await nodesOf(w.alice), ["L1", "L2"]);
    });
  });
});

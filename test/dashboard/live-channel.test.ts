import assert from "node:assert/strict";
import fc from "fast-check";
import { makeHarness, seedNode, seedUser, login } from "../cloud-stub/rest/harness";
import type { Harness } from "../cloud-stub/rest/harness";
import { sseFrame } from "../../cloud-stub/live/sse-frame";
import { CloudEvents } from "../../cloud-stub/live/events";
import { observeStore } from "../../cloud-stub/live/observed-store";
import type { CloudStore } from "../../cloud-stub/store/store";

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const config = (id: string) => ({ node_id: id, config_version: "2020-03-20", info: { name: id, fw_version: "1.0.0", type: "Lightbulb" },
  devices: [{ name: "Light", params: [{ name: "Power", data_type: "bool", properties: ["read", "write"], ui_type: "esp.ui.toggle" }] }],
});

/** Reads SSE frames from a live response until `count` non-hello events arrived (bounded by the mocha timeout). */
async function readEvents(res: Response, count: number): Promise<{ event: string; data: any }[]> {
  const reader = res.body!.getReader();
  const out: { event: string; data: any }[] = [];
  let buffer = "";
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += new TextDecoder().decode(value);
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && event !== "hello" && data) out.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return out;
}

describe("dashboard live channel: GET /v1/user/events (Server-Sent Events)", function () {
  this.timeout(10_000);
  let w: Harness;
  let base: string;
  let token: string;
  beforeEach(async () => {
    w = makeHarness();
    await seedUser(w.store, { user_id: "u-alice", user_name: "alice@example.com", password: "alice-pass-1", name: "Alice" });
    await seedUser(w.store, { user_id: "u-bob", user_name: "bob@example.com", password: "bob-pass-123", name: "Bob" });
    const seed = { params: { Light: { Power: false } }, status: { connectivity: { connected: false, timestamp: 0 } }, mapping_timestamp: 1 };
    seedNode(w.store, "u-alice", "A1", { ...seed, config: config("A1") });
    seedNode(w.store, "u-bob", "B1", { ...seed, config: config("B1") });
    token = (await login(w.app, "alice@example.com", "alice-pass-1")).accesstoken;
    base = await w.app.http.listen({ port: 0, host: "127.0.0.1" });
  });
  afterEach(() => w.app.close());

  it("refuses a missing or forged token with the API's failure body", async () => {
    for (const query of ["", "?token=", "?token=a.b.c"]) {
      const res = await fetch(`${base}/v1/user/events${query}`);
      assert.equal(res.status, 401, query);
      const body = (await res.json()) as { status: string; description: string };
      assert.equal(body.status, "failure");
      assert.match(body.description, query === "?token=a.b.c" ? /Invalid access token/ : /token query parameter missing/);
    }
  });

  it("streams params, connectivity, config and OTA events of the caller's nodes only, in order", async () => {
    const res = await fetch(`${base}/v1/user/events?token=${token}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
    const events = readEvents(res, 5);
    await new Promise((r) => setTimeout(r, 50));
    await w.app.onMqttMessage({ topic: "node/B1/params/local", nodeId: "B1", payload: enc({ Light: { Power: true } }) });
    w.app.onConnectivity({ nodeId: "A1", connected: true, at: 5 });
    await w.app.onMqttMessage({ topic: "node/A1/params/local", nodeId: "A1", payload: enc({ Light: { Power: true } }) });
    await w.app.onMqttMessage({ topic: "node/A1/params/local/init", nodeId: "A1", payload: enc({ Light: { Power: true } }) });
    await w.app.onMqttMessage({ topic: "node/A1/params/local", nodeId: "A1", payload: new TextEncoder().encode("{not json") });
    await w.app.onMqttMessage({ topic: "node/A1/config", nodeId: "A1", payload: enc({ ...config("A1"), info: { ...config("A1").info, fw_version: "2.0.0" } }) });
    w.store.createOtaImage({ imageId: "IMG1", name: "x", version: "2.0.0", size: 1, sha256: "00", filePath: "/dev/null", createdAt: 0 });
    w.app.deps.store.createOtaJob({ jobId: "J1", imageId: "IMG1", createdBy: "u-alice", createdAt: 7 }, ["A1"]);
    const got = await events;
    assert.deepEqual(
      got.map((e) => [e.event, e.data.nodeId]),
      [["connectivity", "A1"], ["params", "A1"], ["params", "A1"], ["config", "A1"], ["ota", "A1"]],
    );
    assert.deepEqual(got[1]!.data.params, { Light: { Power: true } });
    assert.equal(got[1]!.data.full, false);
    assert.equal(got[2]!.data.full, true);
    assert.equal(got[3]!.data.fwVersion, "2.0.0");
    assert.deepEqual([got[4]!.data.jobId, got[4]!.data.status], ["J1", "pending"]);
  });

  it("drops the listener when the client goes away and ends open streams on close", async () => {
    const ctl = new AbortController();
    const res = await fetch(`${base}/v1/user/events?token=${token}`, { signal: ctl.signal });
    assert.equal(res.status, 200);
    assert.equal(w.app.deps.live.events.listenerCount, 1);
    ctl.abort();
    const deadline = Date.now() + 3000;
    while (w.app.deps.live.events.listenerCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(w.app.deps.live.events.listenerCount, 0);
    await fetch(`${base}/v1/user/events?token=${token}`);
    await w.app.close();
    assert.equal(w.app.deps.live.events.listenerCount, 0);
  });

  it("keeps the store's other members and results unchanged behind the observer", () => {
    const merged = w.app.deps.store.mergeParams("A1", { Light: { Brightness: 5 } }, 9);
    assert.deepEqual(merged, { Light: { Power: false, Brightness: 5 } });
    assert.equal(w.app.deps.store.getNode("A1")!.nodeId, "A1");
    assert.equal(w.app.deps.store.countUserNodes("u-alice"), 1);
  });

  it("emits nothing for a store write that failed", () => {
    const events = new CloudEvents({ error() {} });
    const seen: string[] = [];
    events.on((ev) => void seen.push(ev.kind));
    const failing = { setConnectivity() { throw new Error("disk full"); } } as unknown as CloudStore;
    assert.throws(() => observeStore(failing, events).setConnectivity("N", { connected: true, timestamp: 1 }), /disk full/);
    assert.deepEqual(seen, []);
  });

  it("logs a throwing listener and still reaches the others", () => {
    const errors: string[] = [];
    const events = new CloudEvents({ error: (msg) => void errors.push(msg) });
    const seen: string[] = [];
    events.on(() => {
      throw new Error("boom");
    });
    events.on((ev) => void seen.push(ev.nodeId));
    events.emit({ kind: "connectivity", nodeId: "N", connected: true, at: 0 });
    assert.deepEqual(seen, ["N"]);
    assert.deepEqual(errors, ["live listener failed"]);
  });

  it("frames any JSON payload as exactly one event and one data line", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const frame = sseFrame("params", value);
        assert.ok(frame.endsWith("\n\n"));
        const lines = frame.slice(0, -2).split("\n");
        assert.equal(lines.length, 2);
        assert.deepEqual(JSON.parse(lines[1]!.slice("data: ".length)), JSON.parse(JSON.stringify(value)));
      }),
    );
    assert.throws(() => sseFrame("bad\nname", {}), /invalid SSE event name/);
  });
});

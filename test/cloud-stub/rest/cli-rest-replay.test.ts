/**
 * Replays vectors/cli-rest.json (recorded esp-rainmaker-cli traffic) against the app: seeds the recorded
 * user and nodes, sends every recorded request in order with our own tokens and request ids, and
 * compares the status codes and the fields the README lists [vectors/README.md cli-rest.json (b)].
 * The recording's fake cloud confirmed the mapping between the two polls; here the device's MQTT
 * `user/mapping` report (with the CLI's secret key) is injected at that point instead. Likewise the
 * recording's fake merged a set into the shadow at once; our shadow follows the node's reports, so
 * each online node's `params/local` echo of a remote set is injected before the next request.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeHarness, seedNode, seedUser } from "./harness";
import type { Harness, SeedNode } from "./harness";

interface Exchange {
  request: { method: string; path: string; headers: Record<string, string>; json: unknown };
  response: { status: number; json: unknown };
}
interface Recording {
  cloud: {
    user: { user_name: string; password: string; user_id: string; name: string };
    initial_nodes: Record<string, SeedNode>;
  };
  commands: { name: string; exchanges: Exchange[] }[];
}

const recording = JSON.parse(
  readFileSync(fileURLToPath(new URL("./vectors/cli-rest.json", import.meta.url)), "utf8"),
) as Recording;

type Json = Record<string, unknown>;

function b64Payload(token: string): Json {
  const seg = token.split(".")[1]!;
  assert.doesNotMatch(seg, /[-_]/, "payload segment must be standard-base64 safe for the CLI");
  return JSON.parse(Buffer.from(seg, "base64").toString("utf8")) as Json;
}

function compareListedFields(name: string, got: unknown, want: unknown, path: string): void {
  if (path.endsWith("/v1/login2")) {
    const g = got as Json;
    const w = want as Json;
    if ("status" in w) assert.equal(g.status, w.status, `${name}: status`);
    for (const k of ["idtoken", "accesstoken", "refreshtoken"]) {
      if (k in w) assert.equal(typeof g[k], "string", `${name}: ${k}`);
    }
    if ("error_code" in w) assert.deepEqual(g, w, `${name}: error body`);
    return;
  }
  if (path === "/apiversions") {
    assert.ok(((got as Json).supported_versions as string[]).includes("v1"));
    return;
  }
  if (path === "/mqtt_host") {
    assert.equal((got as Json).mqtt_host, (want as Json).mqtt_host);
    return;
  }
  if (path.startsWith("/v1/user/nodes/mapping")) {
    const g = got as Json;
    const w = want as Json;
    for (const k of ["request_status", "status"]) if (k in w) assert.equal(g[k], w[k], `${name}: ${k}`);
    if ("request_id" in w) assert.match(String(g.request_id), /^MAPREQ\d{14}$/);
    return;
  }
  if (Array.isArray(want)) {
    // setparams: per-node node_id and status; description where the recording has one.
    assert.ok(Array.isArray(got), `${name}: array reply`);
    assert.equal(got.length, want.length);
    want.forEach((w: Json, i) => {
      const g = (got as Json[])[i]!;
      assert.equal(g.node_id, w.node_id);
      assert.equal(g.status, w.status);
      if ("description" in w) assert.equal(typeof g.description, "string");
    });
    return;
  }
  const w = want as Json;
  if ("node_details" in w) {
    const fields = ["id", "config", "params", "status", "role", "primary", "is_matter", "mapping_timestamp"];
    const g = (got as Json).node_details as Json[];
    assert.equal(g.length, (w.node_details as Json[]).length);
    (w.node_details as Json[]).forEach((wn, i) => {
      for (const f of fields) assert.deepEqual(g[i]![f], wn[f], `${name}: node_details[${i}].${f}`);
    });
    assert.equal((got as Json).next_id, w.next_id);
    return;
  }
  if ("nodes" in w) {
    assert.deepEqual((got as Json).nodes, w.nodes, `${name}: nodes`);
    assert.equal((got as Json).next_id, w.next_id);
    return;
  }
  if ("error_code" in w) {
    assert.equal((got as Json).status, "failure");
    assert.equal((got as Json).error_code, w.error_code, `${name}: error_code`);
    return;
  }
  assert.deepEqual(got, want, `${name}: body`);
}

describe("cli-rest.json replay against the cloud app", () => {
  let h: Harness;
  before(async () => {
    h = makeHarness({ config: { mqttHost: "127.0.0.1" } });
    await seedUser(h.store, recording.cloud.user);
    for (const [id, node] of Object.entries(recording.cloud.initial_nodes)) seedNode(h.store, recording.cloud.user.user_id, id, node);
  });
  after(() => h.app.close());

  it("answers every recorded request with the recorded status and fields", async () => {
    let access = "";
    let refresh = "";
    let requestId = "";
    let sent = 0;
    let echoed = 0;
    for (const command of recording.commands) {
      let polls = 0;
      for (const ex of command.exchanges) {
        const req = ex.request;
        let path = req.path;
        let body = req.json;
        if (requestId) path = path.replace(/request_id=MAPREQ\d+/, `request_id=${requestId}`);
        if (body && typeof body === "object" && "refreshtoken" in body) body = { refreshtoken: refresh };
        if (path.startsWith("/v1/user/nodes/mapping?") && ++polls === 2) {
          // The node reports its mapping (MQTT) between the two polls.
          const put = command.exchanges[0]!.request.json as Json;
          await h.app.onMqttMessage({
            topic: `$aws/rules/esp_user_node_mapping/node/${String(put.node_id)}/user/mapping`,
            nodeId: String(put.node_id),
            payload: new TextEncoder().encode(JSON.stringify({ node_id: put.node_id, user_id: put.user_id, secret_key: put.secret_key })),
          });
        }
        const remoteSets = h.bus.published.filter((p) => p.topic.endsWith("/params/remote"));
        for (const set of remoteSets.slice(echoed)) {
          const nodeId = set.topic.split("/")[1]!;
          if (h.store.getNode(nodeId)?.connectivity.connected !== true) continue;
          await h.app.onMqttMessage({
            topic: `node/${nodeId}/params/local`,
            nodeId,
            payload: new TextEncoder().encode(JSON.stringify(set.json)),
          });
        }
        echoed = remoteSets.length;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (k.toLowerCase() === "authorization") headers[k] = access;
          else if (!["host", "content-length", "connection", "accept-encoding"].includes(k.toLowerCase())) headers[k] = v;
        }
        const res = await h.app.http.inject({
          method: req.method as "GET",
          url: path,
          headers,
          ...(body === null ? {} : { payload: JSON.stringify(body) }),
        });
        sent++;
        assert.equal(res.statusCode, ex.response.status, `${command.name} ${req.method} ${path}: ${res.body}`);
        assert.match(String(res.headers["content-type"]), /application\/json/);
        const got = res.json() as unknown;
        compareListedFields(command.name, got, ex.response.json, path.split("?")[0]!);
        const g = got as Json;
        if (typeof g.accesstoken === "string") access = g.accesstoken;
        if (typeof g.refreshtoken === "string") refresh = g.refreshtoken;
        if (typeof g.request_id === "string" && req.method === "PUT") requestId = g.request_id;
        if (typeof g.idtoken === "string") {
          const claims = b64Payload(g.idtoken);
          assert.equal(claims.email, recording.cloud.user.user_name);
          assert.equal(claims["custom:user_id"], recording.cloud.user.user_id);
          assert.ok(Number(b64Payload(access).exp) * 1000 > h.clock.now());
        }
      }
    }
    assert.equal(sent, 26, "the recording holds 26 exchanges");
    const remote = h.bus.published.filter((p) => p.topic.endsWith("/params/remote"));
    assert.deepEqual(
      remote.map((p) => p.topic),
      ["node/7CDFA1E0B1C2/params/remote", "node/7CDFA1E0B1C2/params/remote", "node/7CDFA1E0B1C3/params/remote", "node/7CDFA1E0B1C2/params/remote"],
    );
    assert.deepEqual(remote[0]!.json, { Light: { Power: true, Brightness: 75 } });
  });
});

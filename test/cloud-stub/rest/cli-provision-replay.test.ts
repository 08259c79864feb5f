/**
 * The cloud part of vectors/cli-provision.json: after provisioning, the CLI asks for the mapping of the
 * node the device named and polls it. The device got the user id and secret key over `cloud_user_assoc`
 * (recorded in `device_events`); here it reports them on MQTT `user/mapping` between the two polls [spec 5.1].
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeHarness, seedUser, login } from "./harness";
import { utf8Encode } from "../../../firmware/protocol/bytes";
import { encodeUserMapping } from "../../../firmware/protocol/rainmaker/user-mapping";

interface ProvisionVector {
  device: { node_id: string };
  cloud: { user: { user_name: string; user_id: string } };
  runs: {
    device_events: { event: string; user_id?: string; secret_key?: string }[];
    cloud_exchanges: { request: { method: string; path: string; json: unknown }; response: { status: number; json: Record<string, unknown> } }[];
  }[];
}

const vector = JSON.parse(readFileSync(fileURLToPath(new URL("../../protocol/protocomm/vectors/cli-provision.json", import.meta.url)), "utf8")) as ProvisionVector;

describe("cli-provision.json cloud exchanges against the cloud app", () => {
  it("opens the mapping request, answers requested, then confirmed after the node's report", async () => {
    const h = makeHarness();
    try {
      await seedUser(h.store, { ...vector.cloud.user, password: "provision-pass", name: "P" });
      const token = (await login(h.app, vector.cloud.user.user_name, "provision-pass")).accesstoken;
      const run = vector.runs[0]!;
      const assoc = run.device_events.find((e) => e.event === "user_mapping_received")!;
      const nodeId = vector.device.node_id;
      let requestId = "";
      let polls = 0;
      for (const ex of run.cloud_exchanges) {
        if (ex.request.method === "GET" && ++polls === 2) {
          const report = encodeUserMapping({ nodeId, userId: assoc.user_id!, secretKey: assoc.secret_key! });
          await h.app.onMqttMessage({ topic: `$aws/rules/esp_user_node_mapping/node/${nodeId}/user/mapping`, nodeId, payload: utf8Encode(report) });
        }
        const res = await h.app.http.inject({
          method: ex.request.method as "GET" | "PUT",
          url: requestId ? ex.request.path.replace(/MAPREQ\d+/, requestId) : ex.request.path,
          headers: { authorization: token, "content-type": "application/json" },
          ...(ex.request.json === null ? {} : { payload: JSON.stringify(ex.request.json) }),
        });
        assert.equal(res.statusCode, ex.response.status);
        const body = res.json() as Record<string, unknown>;
        if (ex.request.method === "PUT") requestId = String(body.request_id);
        for (const k of ["status", "request_status", "node_id"]) if (k in ex.response.json) assert.equal(body[k], ex.response.json[k], k);
      }
      assert.equal(polls, 2);
      assert.deepEqual(h.store.listUserNodeIds(vector.cloud.user.user_id, null, 10), [nodeId]);
    } finally {
      await h.app.close();
    }
  });
});

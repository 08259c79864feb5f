import assert from "node:assert/strict";
import fc from "fast-check";
import { checkPublish, checkSubscribe, identityFromCommonName } from "../../../cloud-stub/broker-acl";
import type { BrokerIdentity } from "../../../cloud-stub/broker-acl";

const nodeA: BrokerIdentity = { kind: "node", nodeId: "AABBCCDDEEFF" };
const service: BrokerIdentity = { kind: "service", name: "svc" };
const nodeIdArb = fc.stringMatching(/^[A-Za-z0-9:_-]{1,20}$/);

describe("cloud-stub broker ACL", () => {
  it("lets a node publish its own node-to-cloud topics, plain and basic-ingest [spec 3.2]", () => {
    for (const topic of [
      "node/AABBCCDDEEFF/config",
      "$aws/rules/esp_node_config/node/AABBCCDDEEFF/config",
      "$aws/rules/esp_set_params/node/AABBCCDDEEFF/params/local",
      "$aws/rules/esp_init_params/node/AABBCCDDEEFF/params/local/init",
      "node/AABBCCDDEEFF/params/local/group1",
      "$aws/rules/esp_node_otafetch/node/AABBCCDDEEFF/otafetch",
      "$aws/rules/esp_user_node_mapping/node/AABBCCDDEEFF/user/mapping",
    ]) {
      assert.deepEqual(checkPublish(nodeA, topic), { ok: true }, topic);
    }
  });

  it("refuses other nodes' topics, cloud-to-node topics, wrong rules and unknown suffixes", () => {
    for (const topic of [
      "node/112233445566/params/local",
      "$aws/rules/esp_set_params/node/112233445566/params/local",
      "node/AABBCCDDEEFF/params/remote",
      "node/AABBCCDDEEFF/otaurl",
      "$aws/rules/esp_node_config/node/AABBCCDDEEFF/params/local",
      "node/AABBCCDDEEFF/whatever",
      "$aws/events/presence/connected/AABBCCDDEEFF",
      "node/AABBCCDDEEFF",
    ]) {
      assert.equal(checkPublish(nodeA, topic).ok, false, topic);
    }
  });

  it("lets a node subscribe only under its own prefix", () => {
    for (const f of ["node/AABBCCDDEEFF/params/remote", "node/AABBCCDDEEFF/#", "node/AABBCCDDEEFF/+/remote", "node/AABBCCDDEEFF/to-node"]) {
      assert.deepEqual(checkSubscribe(nodeA, f), { ok: true }, f);
    }
    for (const f of ["#", "node/#", "node/+/params/remote", "node/112233445566/params/remote", "$SYS/#", "node/AABBCCDDEEFF", "node/AABBCCDDEEFF/#/x", "node/AABBCCDDEEFF/a+"]) {
      assert.equal(checkSubscribe(nodeA, f).ok, false, f);
    }
  });

  it("gives the service identity full access", () => {
    assert.deepEqual(checkPublish(service, "node/AABBCCDDEEFF/params/remote"), { ok: true });
    assert.deepEqual(checkSubscribe(service, "node/+/#"), { ok: true });
  });

  it("never lets node a touch node b's topics (property)", () => {
    const suffixes = ["config", "params/local", "params/local/init", "params/remote", "otaurl", "user/mapping", "to-node", "#", "+"];
    fc.assert(
      fc.property(nodeIdArb, nodeIdArb, fc.constantFrom(...suffixes), fc.boolean(), (a, b, suffix, ingest) => {
        fc.pre(a !== b);
        const me: BrokerIdentity = { kind: "node", nodeId: a };
        const topic = ingest ? `$aws/rules/esp_set_params/node/${b}/${suffix}` : `node/${b}/${suffix}`;
        assert.equal(checkPublish(me, topic).ok, false);
        assert.equal(checkSubscribe(me, `node/${b}/${suffix}`).ok, false);
      }),
    );
  });

  it("never throws on arbitrary topic strings (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (topic) => {
        const p = checkPublish(nodeA, topic);
        const s = checkSubscribe(nodeA, topic);
        if (p.ok) assert.ok(topic.includes("/AABBCCDDEEFF/"));
        if (s.ok) assert.ok(topic.startsWith("node/AABBCCDDEEFF/"));
      }),
    );
  });

  it("maps certificate CNs to identities", () => {
    assert.deepEqual(identityFromCommonName("AABBCCDDEEFF", "svc", "node"), nodeA);
    assert.equal(identityFromCommonName("bad/id", "svc", "node"), undefined);
    assert.equal(identityFromCommonName("other", "svc", "service"), undefined);
    assert.deepEqual(identityFromCommonName("svc", "svc", "service"), service);
  });
});

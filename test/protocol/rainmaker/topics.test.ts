import assert from "node:assert/strict";
import fc from "fast-check";
import {
  GroupUse, TopicSuffix, Topics, buildTopic, groupTopicFilter, lastWillTopic, nodeTopic, otaStreamTopic, parseTopic,
  presenceTopic, publishTopic, topicFilters, type TopicSuffixString,
} from "../../../firmware/protocol/rainmaker/topics";

const ID = "T7x9Qm2LkPzR4vW8nB3cYd";

// [spec 3.2] table, written out independently of Topics.
const EXPECTED_RULES: Record<string, string | undefined> = {
  "config": "esp_node_config", "params/local/init": "esp_init_params", "params/local": "esp_set_params",
  "direct/params/local": undefined, "params/remote": undefined, "alert": "esp_node_alert",
  "user/mapping": "esp_user_node_mapping", "otafetch": "esp_node_otafetch", "otaurl": undefined,
  "otastatus": "esp_node_otastatus", "tsdata": "esp_ts_ingest", "simple_tsdata": "esp_simple_ts_ingest",
  "to-node": undefined, "from-node": "esp_cmd_resp", "diagnostics/from-node": undefined,
};

describe("protocol/rainmaker/topics", () => {
  it("covers every suffix of the spec table with its rule", () => {
    assert.deepEqual(Object.keys(Topics).sort(), Object.keys(EXPECTED_RULES).sort());
    assert.deepEqual(Object.values(TopicSuffix).sort(), Object.keys(EXPECTED_RULES).sort());
    for (const [suffix, rule] of Object.entries(EXPECTED_RULES)) assert.equal(Topics[suffix as TopicSuffixString].rule, rule, suffix);
  });

  for (const suffix of Object.keys(EXPECTED_RULES) as TopicSuffixString[]) {
    const rule = EXPECTED_RULES[suffix];
    const needsGroup = Topics[suffix].group === GroupUse.Required;
    it(`builds and parses ${suffix}`, () => {
      if (!needsGroup) {
        const plain = nodeTopic(ID, suffix);
        assert.equal(plain, `node/${ID}/${suffix}`);
        assert.deepEqual(parseTopic(plain), { ok: true, nodeId: ID, suffix, direction: Topics[suffix].direction });
        const pub = publishTopic(ID, suffix);
        if (rule) {
          assert.equal(pub, `$aws/rules/${rule}/node/${ID}/${suffix}`);
          assert.deepEqual(parseTopic(pub), { ok: true, nodeId: ID, suffix, direction: Topics[suffix].direction, rule });
          assert.equal(publishTopic(ID, suffix, false), plain);
        } else {
          assert.equal(pub, plain);
          const forged = `$aws/rules/esp_set_params/node/${ID}/${suffix}`;
          assert.equal(parseTopic(forged).ok, false);
        }
      } else {
        assert.throws(() => nodeTopic(ID, suffix), /needs a group id/);
        assert.equal(parseTopic(`node/${ID}/${suffix}`).ok, false);
      }
      if (Topics[suffix].group !== GroupUse.None) {
        const g = nodeTopic(ID, suffix, "grp_1");
        assert.equal(g, `node/${ID}/${suffix}/grp_1`);
        assert.equal(publishTopic(ID, suffix, true, "grp_1"), g);
        assert.deepEqual(parseTopic(g), { ok: true, nodeId: ID, suffix, direction: Topics[suffix].direction, groupId: "grp_1" });
        if (rule) assert.equal(parseTopic(`$aws/rules/${rule}/node/${ID}/${suffix}/grp_1`).ok, false);
      } else {
        assert.throws(() => nodeTopic(ID, suffix, "g"), /takes no group id/);
        assert.equal(parseTopic(`node/${ID}/${suffix}/g`).ok, false);
      }
    });
  }

  it("rejects malformed topics", () => {
    const bad = [
      "", "node", "node/", `node/${ID}`, `node/${ID}/`, "node//config", `node/${ID}/config/`, `node/${ID}//config`,
      `node/+/config`, `node/${ID}/#`, `node/${ID}/params/+`, `node/${ID}/unknown`, `node/${ID}/config/extra`,
      `nodes/${ID}/config`, `/node/${ID}/config`, `$aws/rules/esp_set_params/node/${ID}/config`,
      `$aws/rules//node/${ID}/config`, `$aws/rules/esp_node_config`, `$aws/things/${ID}/config`,
      `node/a b/config`, `node/${ID}/params/local/bad id`, `node/${ID}/params/local/a/b`, `node/${"x".repeat(129)}/config`,
      `node/${ID}\u0000/config`,
    ];
    for (const t of bad) {
      const r = parseTopic(t);
      assert.equal(r.ok, false, t);
      if (!r.ok) assert.ok(r.error.length > 0);
    }
  });

  it("reads params/local/init as the init suffix, not group \"init\"", () => {
    const r = parseTopic(`node/${ID}/params/local/init`);
    assert.ok(r.ok && r.suffix === "params/local/init" && r.groupId === undefined);
  });

  it("refuses to build topics from invalid ids", () => {
    for (const id of ["", "a/b", "+", "#", "a b", "x".repeat(129)]) {
      assert.throws(() => buildTopic(id, "config"), RangeError);
      assert.throws(() => nodeTopic(ID, "params/local", id), RangeError);
    }
  });

  it("builds the auxiliary topics and filters", () => {
    assert.equal(lastWillTopic(ID), `node/${ID}/params/local`);
    assert.equal(lastWillTopic(ID, "g1"), `node/${ID}/params/local/g1`);
    assert.equal(presenceTopic(ID, "connected"), `$aws/events/presence/connected/${ID}`);
    assert.equal(otaStreamTopic(ID, "s1", "get"), `$aws/things/${ID}/streams/s1/get/cbor`);
    assert.deepEqual(topicFilters("params/local"), ["node/+/params/local", "$aws/rules/esp_set_params/node/+/params/local"]);
    assert.deepEqual(topicFilters("otaurl"), ["node/+/otaurl"]);
    assert.deepEqual(topicFilters("direct/params/local"), []);
    assert.equal(groupTopicFilter("params/remote"), "node/+/params/remote/+");
  });

  it("parseTopic never throws and round-trips built topics", () => {
    fc.assert(fc.property(fc.string(), (t) => { parseTopic(t); }));
    const id = fc.stringMatching(/^[A-Za-z0-9:_-]{1,40}$/);
    const suffix = fc.constantFrom(...(Object.keys(Topics) as TopicSuffixString[]).filter((s) => Topics[s].group !== GroupUse.Required));
    fc.assert(fc.property(id, suffix, fc.boolean(), (n, s, ingest) => {
      const r = parseTopic(publishTopic(n, s, ingest));
      assert.ok(r.ok && r.nodeId === n && r.suffix === s);
    }));
  });
});

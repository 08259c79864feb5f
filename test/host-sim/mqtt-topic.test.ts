import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fc from "fast-check";
import { filterProblem, topicMatches, topicProblem } from "../../host-sim/fakes/mqtt-topic";

// qlobber is the matcher inside aedes (through mqemitter); it has no type declarations
const { Qlobber } = createRequire(import.meta.url)("qlobber") as {
  Qlobber: new (options: object) => { add(topic: string, value: unknown): void; test(topic: string, value: unknown): boolean };
};

const oracle = (filter: string, topic: string): boolean => {
  const q = new Qlobber({ separator: "/", wildcard_one: "+", wildcard_some: "#", match_empty_levels: true });
  q.add(filter, true);
  return q.test(topic, true);
};

describe("MQTT topic matching of the fake broker", () => {
  it("agrees with qlobber (aedes' matcher) on valid filters and topics", () => {
    const level = fc.constantFrom("a", "b", "", "node");
    const topic = fc.array(level, { minLength: 1, maxLength: 4 }).map((l) => l.join("/"));
    const filter = fc
      .tuple(fc.array(fc.constantFrom("a", "b", "", "+", "node"), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([l, hash]) => (hash ? [...l, "#"] : l).join("/"));
    fc.assert(
      fc.property(filter, topic, (f, t) => {
        assert.equal(topicMatches(f, t), oracle(f, t), `filter ${JSON.stringify(f)} topic ${JSON.stringify(t)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps $-topics away from leading wildcards [MQTT 3.1.1 4.7.2]", () => {
    assert.equal(topicMatches("#", "$aws/events/presence"), false);
    assert.equal(topicMatches("+/events/presence", "$aws/events/presence"), false);
    assert.equal(topicMatches("$aws/#", "$aws/events/presence"), true);
  });

  it("validates filters and topic names", () => {
    assert.equal(filterProblem("node/+/params/#"), undefined);
    assert.match(filterProblem("a/#/b")!, /#/);
    assert.match(filterProblem("a/b#")!, /#/);
    assert.match(filterProblem("a+/b")!, /\+/);
    assert.match(filterProblem("")!, /non-empty/);
    assert.equal(topicProblem("node/n1/params/local"), undefined);
    assert.match(topicProblem("node/+/x")!, /wildcard/);
  });
});

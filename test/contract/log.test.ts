import assert from "node:assert/strict";
import { createMemoryLog } from "../../host-sim/fakes/log";
import { createLog } from "../../host-sim/adapters/log";
import { logContract } from "./log.contract";

logContract("memory fake", () => {
  const log = createMemoryLog();
  return { log, lines: () => log.lines() };
});

logContract("stdout adapter", () => {
  const printed: string[] = [];
  const log = createLog({ label: "dev", write: (line) => printed.push(line) });
  return {
    log,
    lines: () => printed.map((line) => {
      assert.ok(line.startsWith("[dev] "), line);
      return line.slice("[dev] ".length);
    }),
  };
});

describe("stdout log adapter specifics", () => {
  it("prefixes the label, switches to the node id and filters by level", () => {
    const printed: string[] = [];
    const log = createLog({ label: "sim-1", minLevel: "info", write: (line) => printed.push(line) });
    log.log("debug", "core", "hidden");
    log.log("info", "claim", "claiming");
    log.setLabel("aBcD1234");
    log.log("error", "mqtt", "refused\nrc 5");
    assert.deepEqual(printed, ["[sim-1] info claim: claiming", "[aBcD1234] error mqtt: refused", "[aBcD1234] error mqtt: rc 5"]);
  });
});

describe("memory log specifics", () => {
  it("finds records, forwards and clears", () => {
    const forwarded: string[] = [];
    const log = createMemoryLog({ log: (level, tag, message) => forwarded.push(`${level}/${tag}/${message}`) });
    log.log("warn", "ota", "slow download");
    log.log("info", "ota", "done");
    assert.deepEqual(log.find({ tag: "ota", level: "warn" }).map((r) => r.message), ["slow download"]);
    assert.equal(log.find({ includes: "done" }).length, 1);
    assert.deepEqual(forwarded, ["warn/ota/slow download", "info/ota/done"]);
    log.clear();
    assert.deepEqual(log.records(), []);
  });
});

import assert from "node:assert/strict";
import { PendingWrites, paramKey } from "../../dashboard/src/model/pending";
import type { WriteState } from "../../dashboard/src/model/pending";

describe("dashboard: pending -> applied tracking of param writes [spec 2.2]", () => {
  let seen: [string, WriteState][];
  let writes: PendingWrites;
  beforeEach(() => {
    seen = [];
    writes = new PendingWrites((key, state) => seen.push([key, state]), 10_000);
  });

  it("is applied when the node echoes the param, and says when the node changed the value", () => {
    writes.started("Light", "Power", true, 0);
    writes.started("Light", "Brightness", 120, 0);
    writes.reported({ Light: { Power: true }, Other: { Power: false } });
    writes.reported({ Light: { Brightness: 100 } });
    assert.deepEqual(seen, [
      [paramKey("Light", "Power"), { state: "pending", value: true }],
      [paramKey("Light", "Brightness"), { state: "pending", value: 120 }],
      [paramKey("Light", "Power"), { state: "applied", value: true, adjusted: false }],
      [paramKey("Light", "Brightness"), { state: "applied", value: 100, adjusted: true }],
    ]);
    assert.equal(writes.size, 0);
  });

  it("fails with the cloud's description or after the timeout without an echo", () => {
    writes.started("Light", "Power", true, 0);
    writes.started("Light", "Hue", 10, 5_000);
    writes.refused("Light", "Power", "Node not found");
    writes.expire(9_999);
    assert.equal(writes.size, 1);
    writes.expire(15_000);
    assert.deepEqual(seen.slice(2), [
      [paramKey("Light", "Power"), { state: "failed", value: true, reason: "Node not found" }],
      [paramKey("Light", "Hue"), { state: "failed", value: 10, reason: "No confirmation from the node within 10 s (offline, or it rejected the value)" }],
    ]);
  });

  it("ignores a late refusal of a write that was already applied", () => {
    writes.started("Light", "Power", true, 0);
    writes.reported({ Light: { Power: true } });
    writes.refused("Light", "Power", "late");
    assert.equal(seen.at(-1)![1].state, "applied");
  });
});

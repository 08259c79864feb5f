import assert from "node:assert/strict";
import { createFakeSystem } from "../../host-sim/fakes/system";
import { createSystem, macFromSeed } from "../../host-sim/adapters/system";
import { systemContract } from "./system.contract";

systemContract("fake", (options) => createFakeSystem(options));
systemContract("host adapter", (options) => createSystem(options));

describe("system specifics", () => {
  it("fake reports the heap a test sets and lists restarts", () => {
    const system = createFakeSystem();
    system.setHeap({ used: 1000, free: 24000 });
    assert.deepEqual(system.heap(), { used: 1000, free: 24000 });
    system.restart("panic");
    assert.deepEqual(system.restarts(), ["panic"]);
  });

  it("host adapter reports this process's heap and a stable seeded MAC", () => {
    const system = createSystem({ macSeed: "devices/a" });
    assert.ok(system.heap().used > 0);
    assert.deepEqual(system.mac(), macFromSeed("devices/a"));
    assert.notDeepEqual(macFromSeed("devices/a"), macFromSeed("devices/b"));
    assert.equal(system.mac()[0]! & 0x03, 0x02, "locally administered unicast");
    assert.match(system.firmware().platform, /^node-/);
  });
});

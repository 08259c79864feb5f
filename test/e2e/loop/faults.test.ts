import assert from "node:assert/strict";
import fc from "fast-check";
import { eventually, startLoop } from "./fixture";
import type { Loop } from "./fixture";
import { createFaultyLink } from "./faulty-link";
import type { InboundFault } from "./faulty-link";

const Fates: readonly InboundFault[] = ["deliver", "drop", "duplicate", "delay"];

describe("e2e faults on the MQTT link", function () {
  this.timeout(90_000);
  let loop: Loop;
  before(async () => {
    loop = await startLoop();
  });
  after(async () => {
    await loop?.close();
  });

  it("drops, duplicates and delays remote sets; after a reconnect the shadow equals the device state", async () => {
    const link = createFaultyLink(150);
    const { device } = await loop.newDevice("faulty", { wrapMqtt: (p) => link.wrap(p) });
    const nodeId = device.factory.mac;
    const agent = device.boot();
    await eventually("online", () => agent.phase() === "online");

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ fate: fc.constantFrom(...Fates), power: fc.boolean(), brightness: fc.integer({ min: 0, max: 100 }) }), { minLength: 3, maxLength: 8 }),
        async (writes) => {
          const fates = writes.map((w) => w.fate);
          let i = 0;
          link.policy = () => fates[i++] ?? "deliver";
          const seenBefore = link.seen();
          const deliveredBefore = link.delivered.length;
          for (const w of writes) assert.equal(await loop.setParams(nodeId, { Light: { Power: w.power, Brightness: w.brightness } }), 200);
          await eventually("every write reached the link and no delayed one is pending", () => link.seen() >= seenBefore + writes.length && link.inFlight() === 0);
          link.policy = () => "deliver";
          const connects = (): number => {
            const s = agent.connection()!.status();
            return s.state === "connected" ? s.connects : -1;
          };
          const before = connects();
          link.cut();
          await eventually("reconnected and synced", () => connects() > before && agent.sync()!.synced(), 15_000);
          const device = agent.runtime.fullReport().Light!;
          await eventually("shadow equals device", async () => {
            const shadow = (await loop.params(nodeId))?.Light;
            return shadow?.Power === device.Power && shadow?.Brightness === device.Brightness;
          });
          // the device holds what it was handed last; dropped writes never land
          const handed = link.delivered.slice(deliveredBefore);
          if (handed.length > 0) {
            const last = JSON.parse(handed[handed.length - 1]!) as { Light: { Power: boolean; Brightness: number } };
            assert.equal(device.Brightness, last.Light.Brightness);
            assert.equal(device.Power, last.Light.Power);
          }
          assert.equal(handed.length, fates.filter((f) => f !== "drop").length + fates.filter((f) => f === "duplicate").length);
        },
      ),
      { numRuns: 5 },
    );
    assert.ok(link.faults.drop + link.faults.duplicate + link.faults.delay > 0, "faults were injected");
  });

  it("a power cut at any point of start-up never loses the node credentials", async () => {
    const { device } = await loop.newDevice("cut");
    for (const delay of [0, 5, 20, 60, 150, 400]) {
      device.boot();
      await new Promise((r) => setTimeout(r, delay));
      device.powerCut();
    }
    const agent = device.boot();
    await eventually("online after the cuts", () => agent.phase() === "online", 20_000);
    assert.equal(agent.nodeId(), device.factory.mac);
  });
});

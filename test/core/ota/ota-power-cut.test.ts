import assert from "node:assert/strict";
import fc from "fast-check";
import { createOtaRig, fixtureImage, otaUrl, settle } from "./rig";
import type { PowerCut } from "./rig";

type Outcome = { version: string; final: { status: string; info: string }; boots: number };

/**
 * Runs one job to its end with `cut` armed on boot `cutBoot`: after each boot the node connects and
 * the cloud re-sends the job until the node reports a final status (the cloud stub keeps an
 * unfinished job pending). Every boot must run a valid image.
 */
async function runJob(cut: PowerCut, cutBoot: number): Promise<Outcome> {
  const rig = createOtaRig();
  const image = fixtureImage("v110");
  rig.serve("/img", image);
  const url = otaUrl("job", "/img", image.length);
  for (let boot = 0; boot < 10; boot++) {
    const dev = rig.boot();
    assert.ok(dev.version === "1.0.0" || dev.version === "1.1.0", `boot ${boot} runs a valid image (got ${dev.version})`);
    if (boot === cutBoot) rig.cutPower(cut);
    await dev.agent.onConnected();
    const last = rig.lastReport();
    if (last && (last.status === "success" || last.status === "rejected")) {
      if (rig.isDead()) continue;
      const after = rig.boot();
      return { version: after.version, final: { status: last.status, info: last.info }, boots: boot + 1 };
    }
    if (rig.isDead()) continue;
    await dev.agent.onOtaUrl(url);
    if (rig.isDead()) continue;
    if (dev.agent.state() === "rebooting") dev.clock.advance(1000);
    await settle();
  }
  throw new Error(`no final status after 10 boots: ${JSON.stringify(rig.reports().slice(-3))}`);
}

const assertConsistent = (o: Outcome): void => {
  if (o.final.status === "success") {
    assert.equal(o.version, "1.1.0");
    assert.equal(o.final.info, "OTA Upgrade finished and verified successfully");
  } else {
    assert.deepEqual(o.final, { status: "rejected", info: "Firmware rolled back" });
    assert.equal(o.version, "1.0.0");
  }
};

describe("device OTA: power cuts", () => {
  it("without a cut the job ends in success on the second boot", async () => {
    const o = await runJob({}, -1);
    assert.deepEqual(o, { version: "1.1.0", final: { status: "success", info: "OTA Upgrade finished and verified successfully" }, boots: 2 });
  });

  it("a cut at any flash byte of the download resumes and installs the image", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 19_999 }), async (bytes) => {
        const o = await runJob({ afterSlotBytes: bytes }, 0);
        assert.equal(o.final.status, "success");
        assertConsistent(o);
      }),
      { numRuns: 25 },
    );
  });

  it("a cut while the slot is read back for verification, or at a boot-record write, still installs the image", async () => {
    for (const cut of [{ afterSlotReads: 0 }, { afterSlotReads: 3 }, { afterRecordWrites: 0 }, { afterRecordWrites: 1 }] as PowerCut[]) {
      const o = await runJob(cut, 0);
      assert.equal(o.final.status, "success", JSON.stringify(cut));
      assertConsistent(o);
    }
  });

  it("a cut between complete() and the restart boots the new image on trial", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    const dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/img", image.length));
    assert.deepEqual(dev.system.restarts(), [], "power lost before the scheduled restart");
    const next = rig.boot();
    assert.equal(next.version, "1.1.0");
    assert.equal(next.state.pendingValidation, true);
    await next.agent.onConnected();
    assert.equal(rig.lastReport()?.status, "success");
  });

  it("a cut on the first boot of the new image, before it reached the cloud, rolls back and says so", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    await rig.boot().agent.onOtaUrl(otaUrl("job", "/img", image.length));
    assert.equal(rig.restartAfter(1000).version, "1.1.0");
    const back = rig.boot();
    assert.equal(back.version, "1.0.0");
    assert.equal(back.state.rolledBack, true);
    await back.agent.onConnected();
    assert.deepEqual(rig.lastReport(), { jobId: "job", status: "rejected", info: "Firmware rolled back" });
  });

  it("a cut at any kv write, publish or record write of any boot ends in a consistent outcome", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ afterKvWrites: fc.integer({ min: 0, max: 8 }) }),
          fc.record({ afterPublishes: fc.integer({ min: 0, max: 16 }) }),
          fc.record({ afterRecordWrites: fc.integer({ min: 0, max: 3 }) }),
          fc.record({ afterSlotReads: fc.integer({ min: 0, max: 12 }) }),
        ),
        fc.integer({ min: 0, max: 2 }),
        async (cut, cutBoot) => {
          assertConsistent(await runJob(cut as PowerCut, cutBoot));
        },
      ),
      { numRuns: 40 },
    );
  });
});

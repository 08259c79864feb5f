import assert from "node:assert/strict";
import { createFakeHttpNetwork } from "../../../host-sim/fakes/http";
import { createOtaRig, fixtureImage, otaUrl, settle } from "./rig";

const statuses = (rig: ReturnType<typeof createOtaRig>) => rig.reports().map((r) => `${r.status}: ${r.info}`);

describe("device OTA: happy path and validation", () => {
  it("fetches, downloads, verifies, reboots into the new slot and reports success once it reaches the cloud", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    let dev = rig.boot();
    assert.equal(dev.version, "1.0.0");
    dev.agent.start();
    assert.equal(rig.fetches.length, 0);
    dev.clock.advance(5000);
    assert.deepEqual(JSON.parse(rig.fetches[0]!), { node_id: "node1", fw_version: "1.0.0" });

    await dev.agent.onOtaUrl(otaUrl("job1", "/img", image.length, { fw_version: "1.1.0" }));
    const seen = statuses(rig);
    assert.equal(seen[0], "in-progress: Starting OTA Upgrade (HTTP attempt 1/3)");
    assert.ok(seen.includes("in-progress: Downloaded 50% Firmware Image"), seen.join("\n"));
    assert.deepEqual(seen.slice(-2), ["in-progress: Firmware Image download complete", "in-progress: Rebooting into new firmware (after 1 HTTP attempt)"]);
    assert.ok(rig.reports().every((r) => r.jobId === "job1"));
    assert.equal(dev.agent.state(), "rebooting");
    assert.deepEqual(dev.system.restarts(), []);
    dev.clock.advance(1000);
    assert.deepEqual(dev.system.restarts(), ["ota"]);

    rig.clearReports();
    dev = rig.boot();
    assert.equal(dev.version, "1.1.0");
    assert.equal(dev.state.pendingValidation, true);
    assert.equal(dev.agent.state(), "validating");
    dev.agent.start();
    dev.clock.advance(5000);
    assert.equal(rig.fetches.length, 1, "no otafetch while the new image is on trial");
    await dev.agent.onConnected();
    assert.deepEqual(statuses(rig), ["success: OTA Upgrade finished and verified successfully"]);
    assert.equal(dev.ota.boot().pendingValidation, false);
    assert.equal(JSON.parse(rig.fetches[1]!).fw_version, "1.1.0");
    assert.deepEqual(rig.kv.keys("rmaker_ota"), []);

    dev = rig.boot();
    assert.equal(dev.version, "1.1.0", "a marked-valid image stays after the next restart");
    assert.equal(dev.state.rolledBack, false);
  });

  it("rolls back when the new image does not reach the cloud within the window, and the old image says so", async () => {
    const rig = createOtaRig({ validationWindowMs: 90_000 });
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    let dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job2", "/img", image.length));
    dev = rig.restartAfter(1000);
    assert.equal(dev.version, "1.1.0");
    dev.clock.advance(89_999);
    assert.deepEqual(dev.system.restarts(), []);
    dev.clock.advance(1);
    await settle();
    assert.deepEqual(dev.system.restarts(), ["rollback"]);
    rig.clearReports();
    dev = rig.boot();
    assert.equal(dev.version, "1.0.0");
    assert.equal(dev.state.rolledBack, true);
    assert.deepEqual(rig.reports(), [], "nothing is sent before the connection");
    await dev.agent.onConnected();
    assert.deepEqual(rig.reports(), [{ jobId: "job2", status: "rejected", info: "Firmware rolled back" }]);
    await dev.agent.onConnected();
    assert.equal(rig.reports().length, 1, "the rollback is reported once");
  });

  it("reports success once when connections come quickly one after the other", async () => {
    const rig = createOtaRig();
    rig.serve("/img", fixtureImage("v110"));
    await rig.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    const dev = rig.restartAfter(1000);
    rig.clearReports();
    await Promise.all([dev.agent.onConnected(), dev.agent.onConnected(), dev.agent.onConnected()]);
    await dev.agent.onConnected();
    assert.deepEqual(rig.reports().map((r) => r.status), ["success"]);
    assert.deepEqual(rig.kv.keys("rmaker_ota"), []);
  });

  it("ignores otaurl while a job runs, and malformed otaurl payloads", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    const dev = rig.boot();
    await dev.agent.onOtaUrl("{not json");
    await dev.agent.onOtaUrl(JSON.stringify({ url: `http://ota.test/img` }));
    await dev.agent.onOtaUrl(new Uint8Array([0xff, 0xfe]));
    assert.deepEqual(rig.reports(), []);
    assert.equal(dev.log.find({ tag: "ota", includes: "dropped" }).length, 3);
    const first = dev.agent.onOtaUrl(otaUrl("jobA", "/img", image.length));
    await dev.agent.onOtaUrl(otaUrl("jobB", "/img", image.length));
    await first;
    assert.ok(rig.reports().every((r) => r.jobId === "jobA"));
    assert.equal(rig.requests.length, 1);
  });

  it("rejects another project, the same version and a downgrade before downloading the payload", async () => {
    for (const [name, info] of [["otherProject", "Project Name mismatch"], ["sameVersion", "Same version received"], ["downgrade", "Lower version received"]] as const) {
      const rig = createOtaRig();
      const image = fixtureImage(name);
      rig.serve("/img", image);
      const dev = rig.boot();
      await dev.agent.onOtaUrl(otaUrl("job", "/img", image.length));
      assert.deepEqual(rig.lastReport(), { jobId: "job", status: "rejected", info });
      assert.equal(dev.ota.record().partial, null, `${name}: nothing written`);
      assert.equal(dev.agent.state(), "idle");
    }
  });

  it("installs a downgrade when allowed, and refuses an image below the device's secure version", async () => {
    const allowed = createOtaRig({ allowDowngrade: true });
    allowed.serve("/img", fixtureImage("downgrade"));
    await allowed.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    assert.equal(allowed.lastReport()?.info, "Rebooting into new firmware (after 1 HTTP attempt)");
    assert.equal(allowed.restartAfter(1000).version, "0.9.0");

    const secure = createOtaRig({ secureVersion: 2 });
    secure.serve("/img", fixtureImage("v110"));
    await secure.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    assert.deepEqual(secure.lastReport(), { jobId: "job", status: "rejected", info: "Lower secure version received" });
  });

  it("delays a job outside its download window and rejects one whose validity lapsed", async () => {
    const rig = createOtaRig();
    rig.serve("/img", fixtureImage("v110"));
    const dev = rig.boot();
    // the rig's wall clock is 12:00 UTC = minute 720
    await dev.agent.onOtaUrl(otaUrl("job", "/img", undefined, { metadata: { download_window: { start: 780, end: 840 } } }));
    assert.deepEqual(rig.lastReport(), { jobId: "job", status: "delayed", info: "Not within download window." });
    const before = rig.fetches.length;
    dev.clock.advance(60 * 60_000);
    assert.equal(rig.fetches.length, before + 1, "asks again when the window opens");
    const nowS = Math.floor(dev.clock.now() / 1000);
    await dev.agent.onOtaUrl(otaUrl("job", "/img", undefined, { metadata: { validity: { start: nowS - 100, end: nowS - 1 } } }));
    assert.deepEqual(rig.lastReport(), { jobId: "job", status: "rejected", info: "OTA download window lapsed." });
    assert.equal(rig.requests.length, 0);
  });

  it("rejects a bad public key in the configuration", () => {
    const rig = createOtaRig({ publicKey: new Uint8Array(64) });
    assert.throws(() => rig.boot(), /65-byte/);
    assert.ok(createFakeHttpNetwork());
  });
});

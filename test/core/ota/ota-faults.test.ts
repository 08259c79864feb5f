import assert from "node:assert/strict";
import { concatBytes, fromHex, utf8Decode } from "../../../firmware/protocol/bytes";
import { ImageFixtures } from "./image-fixtures";
import { createOtaRig, fixtureImage, otaUrl } from "./rig";

const prefixLength = fromHex(ImageFixtures.v110.prefixHex).length;

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice();
  out[at] = out[at]! ^ 0x01;
  return out;
}

describe("device OTA: bad images and network faults", () => {
  it("fails a tampered payload on every attempt and never activates the slot", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", flipped(image, image.length - 5000));
    const dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/img", image.length));
    const failures = rig.reports().filter((r) => r.status === "failed").map((r) => r.info);
    assert.deepEqual(failures, [1, 2, 3].map((n) => `OTA Attempt ${n}/3 failed: Image hash mismatch`));
    assert.equal(dev.ota.record().next, null);
    assert.equal(dev.agent.state(), "idle");
    assert.deepEqual(dev.system.restarts(), []);
    assert.equal(rig.boot().version, "1.0.0");
  });

  it("asks again 5 minutes after every attempt failed", async () => {
    const rig = createOtaRig({ fetchIntervalMs: 0 });
    const dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/missing"));
    assert.deepEqual(rig.reports().filter((r) => r.status === "failed").map((r) => r.info), [1, 2, 3].map((n) => `OTA Attempt ${n}/3 failed: HTTP 404`));
    dev.clock.advance(5 * 60_000 - 1);
    assert.equal(rig.fetches.length, 0);
    dev.clock.advance(1);
    assert.equal(rig.fetches.length, 1);
  });

  it("fails a wrong signature once, before writing anything", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", flipped(image, prefixLength - 3));
    const dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/img"));
    assert.deepEqual(rig.reports().map((r) => r.status), ["in-progress", "failed"]);
    assert.equal(rig.lastReport()?.info, "Image signature invalid");
    assert.equal(dev.ota.record().partial, null);
  });

  it("fails a manifest that was altered after signing", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    const text = utf8Decode(image.subarray(12, prefixLength));
    const at = 12 + text.indexOf("xsr-ota-test");
    rig.serve("/img", flipped(image, at));
    await rig.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    assert.equal(rig.lastReport()?.info, "Image signature invalid");
  });

  it("fails on wrong sizes: file_size disagreeing, payload longer than signed, payload always short", async () => {
    const image = fixtureImage("v110");
    const a = createOtaRig();
    a.serve("/img", image);
    await a.boot().agent.onOtaUrl(otaUrl("job", "/img", image.length + 1));
    assert.deepEqual(a.lastReport(), { jobId: "job", status: "failed", info: `Image size mismatch: file_size ${image.length + 1}, image ${image.length} bytes` });

    const b = createOtaRig();
    b.serve("/img", concatBytes(image, new Uint8Array(10)));
    const dev = b.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/img"));
    assert.equal(b.lastReport()?.info, "Image larger than its manifest says (20000 bytes)");
    assert.equal(dev.ota.record().next, null);

    const c = createOtaRig();
    c.serve("/img", image.subarray(0, image.length - 100));
    await c.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    const failed = c.reports().filter((r) => r.status === "failed").map((r) => r.info);
    assert.equal(failed.length, 3);
    assert.match(failed[0]!, /Download truncated at 19900 of 20000 bytes/);
    assert.match(failed[1]!, /Resume refused \(HTTP 416\)/, "resuming past the served end is refused, and the next attempt starts over");
    assert.match(failed[2]!, /Download truncated at 19900 of 20000 bytes/);
  });

  it("rejects garbage that is not an image", async () => {
    const rig = createOtaRig();
    rig.serve("/img", new Uint8Array(5000).fill(0x41));
    await rig.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    assert.deepEqual(rig.lastReport(), { jobId: "job", status: "failed", info: "Invalid image: OTA image: bad magic (not an xs-rainmaker image)" });
  });

  it("resumes a broken download with a Range request and installs the image", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    rig.script({ failAfterBytes: 9000 });
    const dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/img", image.length));
    assert.deepEqual(rig.requests, [{ path: "/img" }, { path: "/img", range: "bytes=9000-" }]);
    assert.match(rig.reports().find((r) => r.status === "failed")!.info, /^OTA Attempt 1\/3 failed: Download interrupted at \d+ of 20000 bytes/);
    assert.equal(rig.lastReport()?.info, "Rebooting into new firmware (after 2 HTTP attempts)");
    assert.equal(rig.restartAfter(1000).version, "1.1.0");
  });

  it("restarts cleanly when the server ignores Range (200 instead of 206)", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    rig.script({ failAfterBytes: 7000 }, { ignoreRange: true });
    const dev = rig.boot();
    await dev.agent.onOtaUrl(otaUrl("job", "/img"));
    assert.equal(rig.requests[1]!.range, "bytes=7000-");
    assert.equal(dev.log.find({ level: "warn", includes: "ignored Range" }).length, 1);
    assert.equal(rig.restartAfter(1000).version, "1.1.0");
  });

  it("retries after HTTP 500 and 404", async () => {
    const rig = createOtaRig();
    rig.serve("/img", fixtureImage("v110"));
    rig.script({ status: 500 }, { status: 404 });
    await rig.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    assert.deepEqual(rig.reports().filter((r) => r.status === "failed").map((r) => r.info), ["OTA Attempt 1/3 failed: HTTP 500", "OTA Attempt 2/3 failed: HTTP 404"]);
    assert.equal(rig.restartAfter(1000).version, "1.1.0");
  });

  it("reports progress in 10% steps, in order, once each", async () => {
    const rig = createOtaRig();
    rig.serve("/img", fixtureImage("v110"));
    await rig.boot().agent.onOtaUrl(otaUrl("job", "/img"));
    const percents = rig.reports().map((r) => /^Downloaded (\d+)% /.exec(r.info)?.[1]).filter((p) => p !== undefined).map(Number);
    assert.deepEqual(percents, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
});

describe("device OTA: an ESP32-like OTA port (one open writer, begin erases the slot)", () => {
  it("continues the open writer with Range within a boot instead of opening the slot again", async () => {
    const rig = createOtaRig();
    const image = fixtureImage("v110");
    rig.serve("/img", image);
    rig.script({ failAfterBytes: 9000 });
    const dev = rig.boot();
    const port = dev.ota;
    let active = false;
    let begins = 0;
    const begin = port.begin.bind(port);
    port.begin = async (size) => {
      if (active) throw new Error("an OTA update is already being written");
      begins++;
      active = true;
      const w = await begin(size);
      const close = <T>(p: Promise<T>) => p.finally(() => void (active = false));
      return { get written() { return w.written; }, write: (c) => w.write(c), complete: () => close(w.complete()), abort: () => close(w.abort()) };
    };
    await dev.agent.onOtaUrl(otaUrl("job", "/img", image.length));
    assert.equal(begins, 1);
    assert.equal(rig.requests[1]?.range, "bytes=9000-");
    assert.equal(rig.lastReport()?.info, "Rebooting into new firmware (after 2 HTTP attempts)");
    assert.equal(rig.restartAfter(1000).version, "1.1.0");
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { makeWorld, failure } from "./fixtures";
import type { World } from "./fixtures";
import { parseRange } from "../../../cloud-stub/handlers/rest/ota-image-download";

/** A fake ESP image: 24-byte header + 8-byte segment header, then esp_app_desc_t [spec 7]. */
function espImage(version: string, size = 4096): Buffer {
  const img = Buffer.alloc(size, 0xa5);
  img.writeUInt32LE(0xabcd5432, 32);
  img.fill(0, 48, 112);
  img.write(version, 48, "utf8");
  img.write("sim_light", 80, "utf8");
  return img;
}

describe("REST OTA: image upload, jobs, download with Range, otafetch/otastatus rules", () => {
  let w: World;
  let dir: string;
  const auth = () => ({ authorization: w.alice });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "xsr-ota-"));
    w = await makeWorld({ config: { dataDir: dir, publicBaseUrl: "https://127.0.0.1:8443" } });
  });
  afterEach(async () => {
    await w.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function upload(img: Buffer): Promise<{ image_id: string; image_url: string; fw_version: string; sha256: string }> {
    const res = await w.app.http.inject({ method: "POST", url: "/v1/user/otaimage", headers: auth(), payload: { image_name: "light", base64_fwimage: img.toString("base64") } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  it("stores a base64 upload with its esp_app_desc version and serves it whole and by range", async () => {
    const img = espImage("2.0.0");
    const up = await upload(img);
    assert.equal(up.fw_version, "2.0.0");
    assert.equal(up.sha256, createHash("sha256").update(img).digest("hex"));
    assert.equal(up.image_url, `https://127.0.0.1:8443/ota/images/${up.image_id}`);
    const whole = await w.app.http.inject({ method: "GET", url: `/ota/images/${up.image_id}` });
    assert.equal(whole.statusCode, 200);
    assert.deepEqual(whole.rawPayload, img);
    const part = await w.app.http.inject({ method: "GET", url: `/ota/images/${up.image_id}`, headers: { range: "bytes=100-199" } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers["content-range"], `bytes 100-199/${img.length}`);
    assert.deepEqual(part.rawPayload, img.subarray(100, 200));
    const tail = await w.app.http.inject({ method: "GET", url: `/ota/images/${up.image_id}`, headers: { range: "bytes=4000-" } });
    assert.deepEqual(tail.rawPayload, img.subarray(4000));
    const bad = await w.app.http.inject({ method: "GET", url: `/ota/images/${up.image_id}`, headers: { range: "bytes=5000-6000" } });
    failure(bad, 416);
    assert.equal(bad.headers["content-range"], `bytes */${img.length}`);
    failure(await w.app.http.inject({ method: "GET", url: "/ota/images/OTAIMG9999999999" }), 404);
  });

  it("accepts a raw octet-stream upload and refuses bad ones", async () => {
    const img = espImage("3.1.0", 1000);
    const res = await w.app.http.inject({
      method: "POST",
      url: "/v1/user/otaimage?image_name=raw&fw_version=3.1.0-custom",
      headers: { ...auth(), "content-type": "application/octet-stream" },
      payload: img,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().fw_version, "3.1.0-custom");
    const stored = w.store.getOtaImage(res.json().image_id)!;
    assert.deepEqual(readFileSync(stored.filePath), img);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/user/otaimage", headers: auth(), payload: { image_name: "x", base64_fwimage: "!!!" } }), 400);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/user/otaimage", headers: { ...auth(), "content-type": "application/octet-stream" }, payload: img }), 400);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/user/otaimage", payload: { image_name: "x", base64_fwimage: "AAAA" } }), 401);
  });

  it("a job pushes otaurl to online nodes, answers otafetch of offline ones, and records otastatus", async () => {
    const up = await upload(espImage("2.0.0"));
    failure(await w.app.http.inject({ method: "POST", url: "/v1/user/otajobs", headers: auth(), payload: { image_id: up.image_id, node_ids: ["L1", "B1"] } }), 403);
    const res = await w.app.http.inject({ method: "POST", url: "/v1/user/otajobs", headers: auth(), payload: { image_id: up.image_id, node_ids: ["L1", "L2"] } });
    assert.equal(res.statusCode, 201);
    const jobId = res.json().ota_job_id as string;
    const expected = { ota_job_id: jobId, url: up.image_url, file_size: 4096, fw_version: "2.0.0" };
    assert.deepEqual(w.bus.published, [{ topic: "node/L1/otaurl", json: expected }]);
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    await w.app.onMqttMessage({ topic: "$aws/rules/esp_node_otafetch/node/L2/otafetch", nodeId: "L2", payload: enc({ node_id: "L2", fw_version: "1.0.0" }) });
    assert.deepEqual(w.bus.published[1], { topic: "node/L2/otaurl", json: expected });
    await w.app.onMqttMessage({ topic: "node/L2/otastatus", nodeId: "L2", payload: enc({ ota_job_id: jobId, status: "in-progress", additional_info: "Downloading Firmware Image", ts: 1 }) });
    await w.app.onMqttMessage({ topic: "node/L1/otastatus", nodeId: "L1", payload: enc({ ota_job_id: jobId, status: "success", additional_info: "OTA Upgrade finished and verified successfully", ts: 2 }) });
    await w.app.onMqttMessage({ topic: "node/B1/otastatus", nodeId: "B1", payload: enc({ ota_job_id: jobId, status: "failed", additional_info: "not mine", ts: 3 }) });
    await w.app.onMqttMessage({ topic: "node/L1/otastatus", nodeId: "L1", payload: enc({ ota_job_id: jobId, status: "bogus", additional_info: "", ts: 4 }) });
    const job = await w.app.http.inject({ method: "GET", url: `/v1/user/otajobs?ota_job_id=${jobId}`, headers: auth() });
    assert.deepEqual(
      job.json().nodes.map((n: { node_id: string; status: string; info: string }) => [n.node_id, n.status, n.info]),
      [["L1", "success", "OTA Upgrade finished and verified successfully"], ["L2", "in-progress", "Downloading Firmware Image"]],
    );
    failure(await w.app.http.inject({ method: "GET", url: `/v1/user/otajobs?ota_job_id=${jobId}`, headers: { authorization: w.bob } }), 404);
    const before = w.bus.published.length;
    await w.app.onMqttMessage({ topic: "node/L1/otafetch", nodeId: "L1", payload: enc({ node_id: "L1", fw_version: "2.0.0" }) });
    assert.equal(w.bus.published.length, before, "no pending job for L1 any more");
  });

  it("parses single byte ranges", () => {
    assert.deepEqual(parseRange("bytes=0-0", 10), { start: 0, end: 0 });
    assert.deepEqual(parseRange("bytes=5-100", 10), { start: 5, end: 9 });
    assert.deepEqual(parseRange("bytes=-3", 10), { start: 7, end: 9 });
    assert.deepEqual(parseRange("bytes=-30", 10), { start: 0, end: 9 });
    assert.equal(parseRange("bytes=10-", 10), null);
    assert.equal(parseRange("bytes=5-4", 10), null);
    assert.equal(parseRange("bytes=-0", 10), null);
    assert.equal(parseRange("bytes=0-1,3-4", 10), undefined);
    assert.equal(parseRange("items=0-1", 10), undefined);
    assert.equal(parseRange(undefined, 10), undefined);
  });
});

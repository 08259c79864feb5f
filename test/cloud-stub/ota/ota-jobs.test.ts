import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { progressOf } from "../../../cloud-stub/handlers/rest/ota-job-get";
import { jobNodeStatus } from "../../../cloud-stub/handlers/mqtt/otastatus";
import { buildImage } from "../../../scripts/ota/image-builder";
import { generateOtaKeyPair, loadSigningKey } from "../../../scripts/ota/keys";
import { openSqliteStore } from "../../../cloud-stub/store/sqlite";
import { failure, makeWorld } from "../rest/fixtures";
import type { World } from "../rest/fixtures";

const key = loadSigningKey(generateOtaKeyPair().privatePem);
const payload = new Uint8Array(3000).map((_, i) => i & 0xff);
const image = Buffer.from(buildImage({ payload, project: "m", version: "2.0.0", key }));
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

for (const storeKind of ["memory", "sqlite"] as const) describe(`cloud OTA (${storeKind} store): signed images, jobs by type or model, per-node progress`, () => {
  let w: World;
  let dir: string;
  const auth = () => ({ authorization: w.alice });
  const upload = (bytes: Buffer, query = "image_name=light") =>
    w.app.http.inject({ method: "POST", url: `/v1/user/otaimage?${query}`, headers: { ...auth(), "content-type": "application/octet-stream" }, payload: bytes });
  const createJob = (payload: Record<string, unknown>) => w.app.http.inject({ method: "POST", url: "/v1/user/otajobs", headers: auth(), payload });
  const status = (nodeId: string, jobId: string, s: string, info: string) =>
    w.app.onMqttMessage({ topic: `node/${nodeId}/otastatus`, nodeId, payload: enc({ ota_job_id: jobId, status: s, additional_info: info, ts: 1 }) });
  const getJob = async (jobId: string) => (await w.app.http.inject({ method: "GET", url: `/v1/user/otajobs?ota_job_id=${jobId}`, headers: auth() })).json();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "xsr-ota-cloud-"));
    const store = storeKind === "sqlite" ? { store: openSqliteStore(join(dir, "cloud.db")) } : {};
    w = await makeWorld({ ...store, config: { dataDir: dir, publicBaseUrl: "http://127.0.0.1:8080" } });
  });
  afterEach(async () => {
    await w.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes the version and project of a signed image from its manifest", async () => {
    const res = await upload(image);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().fw_version, "2.0.0");
    assert.equal(res.json().project_name, "m");
    assert.equal(res.json().size, image.length);
  });

  it("refuses a signed image whose payload was altered, cut or that claims another version", async () => {
    const tampered = Buffer.from(image);
    tampered[tampered.length - 1]! ^= 1;
    assert.match(failure(await upload(tampered), 400).description, /SHA-256 does not match/);
    assert.match(failure(await upload(image.subarray(0, image.length - 1)), 400).description, /payload is 2999 bytes/);
    assert.match(failure(await upload(image.subarray(0, 30)), 400).description, /invalid OTA image/);
    assert.match(failure(await upload(image, "image_name=x&fw_version=9.9.9"), 400).description, /differs from the signed manifest/);
  });

  it("creates a job for all nodes of a type or model the caller owns, and refuses ambiguous or empty selections", async () => {
    const imageId = (await upload(image)).json().image_id as string;
    const byType = await createJob({ image_id: imageId, type: "Lightbulb" });
    assert.equal(byType.statusCode, 201, byType.body);
    assert.deepEqual(byType.json().node_ids, ["L1", "L2"], "bob's B1 is a Lightbulb too but not alice's");
    assert.deepEqual(w.bus.published.map((p) => p.topic), ["node/L1/otaurl"], "only the online node gets otaurl at once");
    const byModel = await createJob({ image_id: imageId, model: "m" });
    assert.deepEqual(byModel.json().node_ids, ["L1", "L2"]);
    assert.match(failure(await createJob({ image_id: imageId, type: "Fan" }), 400).description, /no node of yours reports type "Fan"/);
    failure(await createJob({ image_id: imageId, type: "Lightbulb", node_ids: ["L1"] }), 400);
    failure(await createJob({ image_id: imageId }), 400);
  });

  it("tracks per-node progress and final status; an unfinished node gets the job again on otafetch", async () => {
    const imageId = (await upload(image)).json().image_id as string;
    const jobId = (await createJob({ image_id: imageId, node_ids: ["L1", "L2"] })).json().ota_job_id as string;
    await status("L1", jobId, "in-progress", "Downloaded 40% Firmware Image");
    await status("L2", jobId, "failed", "OTA Attempt 1/3 failed: HTTP 500");
    let job = await getJob(jobId);
    assert.equal(job.fw_version, "2.0.0");
    assert.deepEqual(job.nodes.map((n: { node_id: string; status: string; progress: number }) => [n.node_id, n.status, n.progress]), [["L1", "in-progress", 40], ["L2", "in-progress", 0]]);
    const before = w.bus.published.length;
    await w.app.onMqttMessage({ topic: "node/L2/otafetch", nodeId: "L2", payload: enc({ node_id: "L2", fw_version: "1.0.0" }) });
    assert.equal(w.bus.published.length, before + 1, "a node restarted mid-download is sent the job again");
    await status("L1", jobId, "success", "OTA Upgrade finished and verified successfully");
    await status("L2", jobId, "failed", "OTA Attempt 3/3 failed: HTTP 500");
    job = await getJob(jobId);
    assert.deepEqual(job.counts, { success: 1, failed: 1 });
    assert.deepEqual(job.nodes.map((n: { progress: number }) => n.progress), [100, 0]);
    await w.app.onMqttMessage({ topic: "node/L2/otafetch", nodeId: "L2", payload: enc({ node_id: "L2", fw_version: "1.0.0" }) });
    assert.equal(w.bus.published.length, before + 1, "a failed node is not sent the job again");
  });

  it("reads progress and attempt failures from any status text without throwing", () => {
    assert.equal(progressOf("in-progress", "Downloaded 70% Firmware Image"), 70);
    assert.equal(progressOf("in-progress", "Rebooting into new firmware (after 1 HTTP attempt)"), 100);
    assert.equal(progressOf("rejected", "Same version received"), 0);
    assert.equal(jobNodeStatus("failed", "OTA Attempt 2/3 failed: x"), "in-progress");
    assert.equal(jobNodeStatus("failed", "OTA Attempt 3/3 failed: x"), "failed");
    assert.equal(jobNodeStatus("failed", "Image signature invalid"), "failed");
    fc.assert(
      fc.property(fc.constantFrom("in-progress", "success", "failed", "delayed", "rejected"), fc.string(), (s, info) => {
        const p = progressOf(s, info);
        assert.ok(Number.isInteger(p) && p >= 0 && p <= 100);
        assert.ok(["in-progress", s].includes(jobNodeStatus(s, info)));
      }),
    );
  });
});

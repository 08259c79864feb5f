import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../../cloud-stub/auth/password";
import { startCloudServer } from "../../../cloud-stub/server";
import type { CloudServer } from "../../../cloud-stub/server";
import { login, rest } from "../../../host-sim/loop";
import { bundleApp } from "../../../scripts/ota/bundle-app";
import { buildImage } from "../../../scripts/ota/image-builder";
import { generateOtaKeyPair, loadSigningKey } from "../../../scripts/ota/keys";
import { createOtaDevice, tapCloudPublishes } from "./ota-device";

const USER = Object.freeze({ name: "ota@example.com", password: "ota-pass-1234" });
const NODE = "OTAE2E000001";
const PROJECT = "hello";

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("e2e OTA: cloud stub over HTTP, device OTA module on host adapters", function () {
  this.timeout(60_000);
  let dir: string;
  let cloud: CloudServer;
  let token: string;
  const keys = generateOtaKeyPair();
  const key = loadSigningKey(keys.privatePem);
  const versions = new Map<string, string>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-ota-e2e-"));
    cloud = await startCloudServer({ dataDir: join(dir, "cloud"), httpPort: 0, httpsPort: 0, mqttPort: 0 });
    const userId = "u-ota-e2e";
    cloud.store.createUser({ userId, userName: USER.name, passwordHash: await hashPassword(USER.password), name: "Ota", confirmed: true, createdAt: Date.now() });
    cloud.store.ensureNode(NODE, Date.now());
    cloud.store.setNodeConfig(NODE, { config: { node_id: NODE, info: { fw_version: "1.0.0", type: "Lightbulb" } }, configVersion: "2019-02-27", fwVersion: "1.0.0", type: "Lightbulb", model: "hello" }, Date.now());
    cloud.store.addMapping({ userId, nodeId: NODE, primary: true, mappedAt: Math.floor(Date.now() / 1000) });
    token = await login(cloud.urls.http, USER.name, USER.password);
  });
  after(async () => {
    await cloud?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function publishImage(version: string, payload: Uint8Array, signingKey = key): Promise<string> {
    versions.set(createHash("sha256").update(payload).digest("hex"), version);
    const image = buildImage({ payload, project: PROJECT, version, key: signingKey });
    const up = await rest(cloud.urls.http, "POST", "/v1/user/otaimage", token, { image_name: `${PROJECT}-${version}`, base64_fwimage: Buffer.from(image).toString("base64") });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.fw_version, version);
    const job = await rest(cloud.urls.http, "POST", "/v1/user/otajobs", token, { image_id: up.body.image_id, type: "Lightbulb" });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    return job.body.ota_job_id as string;
  }
  const jobNode = async (jobId: string) => (await rest(cloud.urls.http, "GET", `/v1/user/otajobs?ota_job_id=${jobId}`, token)).body.nodes[0];

  it("downloads the uploaded bundle, resumes after a power cut with Range, boots the new version and reports success", async () => {
    const bundle = await bundleApp(join(import.meta.dirname, "..", "..", "..", "firmware", "examples", "hello", "main.ts"));
    const payload = new Uint8Array(Buffer.concat([Buffer.from(bundle), randomBytes(200_000)]));
    const jobId = await publishImage("2.0.0", payload);
    const device = createOtaDevice(
      { cloud, dir: join(dir, "device"), nodeId: NODE, project: PROJECT, publicKey: keys.publicKey, factoryVersion: "1.0.0", versions, validationWindowMs: 10_000 },
      tapCloudPublishes(cloud),
    );

    let boot = device.boot(120_000);
    assert.equal(boot.version, "1.0.0");
    boot.agent.start();
    await waitFor("the power cut mid-download", () => device.isDead());
    const cutAt = await waitFor("progress recorded by the cloud", async () => (await jobNode(jobId)).progress > 0 && (await jobNode(jobId)));
    assert.equal(cutAt.status, "in-progress");

    boot = device.boot();
    assert.equal(boot.version, "1.0.0");
    boot.agent.start();
    await waitFor("the restart into the new slot", () => boot.restarts.length > 0);
    assert.deepEqual(boot.restarts, ["ota"]);
    assert.equal(boot.log.find({ tag: "ota", includes: "resuming" }).length, 1, "the second boot resumed with Range");

    boot = device.boot();
    assert.equal(boot.version, "2.0.0");
    assert.equal(boot.state.pendingValidation, true);
    await boot.agent.onConnected();
    const done = await jobNode(jobId);
    assert.deepEqual([done.status, done.info, done.progress], ["success", "OTA Upgrade finished and verified successfully", 100]);
    assert.equal(device.boot().version, "2.0.0");
  });

  it("rolls back an update that cannot reach the cloud, and the old image reports it", async () => {
    const jobId = await publishImage("3.0.0", new Uint8Array(randomBytes(50_000)));
    const device = createOtaDevice(
      { cloud, dir: join(dir, "device"), nodeId: NODE, project: PROJECT, publicKey: keys.publicKey, factoryVersion: "1.0.0", versions, validationWindowMs: 300 },
      tapCloudPublishes(cloud),
    );
    let boot = device.boot();
    assert.equal(boot.version, "2.0.0");
    boot.agent.start();
    await waitFor("the restart into 3.0.0", () => boot.restarts.length > 0);
    boot = device.boot();
    assert.equal(boot.version, "3.0.0");
    await waitFor("the rollback", () => boot.restarts.length > 0);
    assert.deepEqual(boot.restarts, ["rollback"]);
    boot = device.boot();
    assert.equal(boot.version, "2.0.0");
    assert.equal(boot.state.rolledBack, true);
    await boot.agent.onConnected();
    const node = await jobNode(jobId);
    assert.deepEqual([node.status, node.info], ["rejected", "Firmware rolled back"]);
  });

  it("refuses an image signed with another key and stays on its firmware", async () => {
    const foreign = loadSigningKey(generateOtaKeyPair().privatePem);
    const jobId = await publishImage("4.0.0", new Uint8Array(randomBytes(10_000)), foreign);
    const device = createOtaDevice(
      { cloud, dir: join(dir, "device"), nodeId: NODE, project: PROJECT, publicKey: keys.publicKey, factoryVersion: "1.0.0", versions, validationWindowMs: 10_000 },
      tapCloudPublishes(cloud),
    );
    const boot = device.boot();
    boot.agent.start();
    const node = await waitFor("the failure report", async () => {
      const n = await jobNode(jobId);
      return n.status === "failed" && n;
    });
    assert.equal(node.info, "Image signature invalid");
    assert.deepEqual(boot.restarts, []);
    assert.equal(device.boot().version, "2.0.0");
  });
});

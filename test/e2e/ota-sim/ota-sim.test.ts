import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../../cloud-stub/auth/password";
import { startCloudServer } from "../../../cloud-stub/server";
import type { CloudServer } from "../../../cloud-stub/server";
import type { MqttPort } from "../../../firmware/ports/mqtt";
import { lightbulbApp } from "../../../host-sim/apps/lightbulb";
import { readAppDescriptor } from "../../../host-sim/apps/app-descriptor";
import type { SimDevice } from "../../../host-sim/device";
import { hostClaim } from "../../../host-sim/host-claim";
import { createLoopDevice, login, rest } from "../../../host-sim/loop";
import { bundleApp } from "../../../scripts/ota/bundle-app";
import { buildImage } from "../../../scripts/ota/image-builder";
import { generateOtaKeyPair, loadSigningKey } from "../../../scripts/ota/keys";

const USER = Object.freeze({ name: "ota-sim@example.com", password: "ota-sim-pass-1" });
const NETWORK = Object.freeze({ ssid: "lab", passphrase: "lab-password" });
const LIGHTBULB = join(import.meta.dirname, "..", "..", "..", "firmware", "examples", "lightbulb", "main.ts");
/** The version whose MQTT client id is broken: the real broker refuses every CONNECT of that boot. */
const BROKEN = "3.0.0";

async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("e2e OTA in the simulator: the whole loop, the agent's OTA, slot firmware identity", function () {
  this.timeout(90_000);
  let dir: string;
  let cloud: CloudServer;
  let token: string;
  let device: SimDevice;
  let nodeId: string;
  const keys = generateOtaKeyPair();
  const key = loadSigningKey(keys.privatePem);
  const lines: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-ota-sim-"));
    cloud = await startCloudServer({ dataDir: join(dir, "cloud"), httpPort: 0, httpsPort: 0, mqttPort: 0 });
    const userId = `u-ota-sim-${Date.now()}`;
    cloud.store.createUser({ userId, userName: USER.name, passwordHash: await hashPassword(USER.password), name: "Ota", confirmed: true, createdAt: Date.now() });
    token = await login(cloud.urls.http, USER.name, USER.password);
    const endpoints = { http: cloud.urls.http, https: cloud.urls.https, caPem: cloud.authority.caPem };
    // a firmware bug in BROKEN: the client id is not the node id, which the broker refuses (CONNACK 2) [spec 3.1]
    const brokenWhenBroken = (port: MqttPort): MqttPort => ({
      ...port,
      connect: (options, events) => port.connect(device.firmware().version === BROKEN ? { ...options, clientId: `${options.clientId}-x` } : options, events),
    });
    const made = await createLoopDevice({
      dir: join(dir, "bulb"),
      app: lightbulbApp,
      cloud: endpoints,
      token,
      userId,
      network: NETWORK,
      claim: (d) => hostClaim(d.macBytes, { httpsUrl: endpoints.https, caPem: endpoints.caPem, token }),
      agent: {
        backoff: { initialMs: 200, maxMs: 1000 },
        ota: { publicKey: keys.publicKey, fetchDelayMs: 200, rebootDelayMs: 100, validationWindowMs: 4000 },
      },
      wrapMqtt: brokenWhenBroken,
      write: (line) => void lines.push(line),
    });
    device = made.device;
    nodeId = device.factory.mac;
  });
  after(async () => {
    device?.stop();
    await cloud?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const nodeConfig = async () => (await rest(cloud.urls.http, "GET", `/v1/user/nodes/config?nodeid=${nodeId}`, token)).body;
  const jobNode = async (jobId: string) => (await rest(cloud.urls.http, "GET", `/v1/user/otajobs?ota_job_id=${jobId}`, token)).body?.nodes?.[0];

  /** `ota build` (library functions) -> upload -> a job for this node; returns the job id. */
  async function pushUpdate(version: string): Promise<string> {
    const payload = await bundleApp(LIGHTBULB, { projectName: "lightbulb", version });
    const image = buildImage({ payload, project: "lightbulb", version, key });
    const up = await rest(cloud.urls.http, "POST", "/v1/user/otaimage", token, { image_name: `lightbulb-${version}`, base64_fwimage: Buffer.from(image).toString("base64") });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    const job = await rest(cloud.urls.http, "POST", "/v1/user/otajobs", token, { image_id: up.body.image_id, node_ids: [nodeId] });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    return job.body.ota_job_id as string;
  }

  it("the simulator binary carries its identity in the app descriptor line", async () => {
    const bundle = await bundleApp(LIGHTBULB, { projectName: "lightbulb", version: "9.1.0" });
    assert.deepEqual(readAppDescriptor(bundle), { ok: true, value: { projectName: "lightbulb", version: "9.1.0" } });
  });

  it("downloads, verifies and reboots into 2.0.0; the node config shows it and the job ends success", async () => {
    const first = device.boot();
    await eventually("online on the factory image", () => first.phase() === "online");
    assert.deepEqual(device.firmware(), { projectName: "lightbulb", version: "1.0.0" });
    await eventually("factory config in the cloud", async () => (await nodeConfig())?.info?.fw_version === "1.0.0");
    assert.equal((await nodeConfig()).info.project_name, "lightbulb");

    const jobId = await pushUpdate("2.0.0");
    const done = await eventually("job success", async () => {
      const n = await jobNode(jobId);
      return n?.status === "success" && n;
    });
    assert.equal(done.info, "OTA Upgrade finished and verified successfully");
    assert.equal(device.firmware().version, "2.0.0");
    assert.equal(device.platform()!.system.firmware().version, "2.0.0");
    assert.equal(device.platform()!.system.resetReason(), "ota");
    await eventually("new fw_version in the node config", async () => (await nodeConfig())?.info?.fw_version === "2.0.0");
    assert.ok(lines.some((l) => /booting lightbulb 2\.0\.0 from slot b \(ota\)/.test(l)));
  });

  it("rolls back when the new image cannot reach the cloud: the old version runs and the job is rejected", async () => {
    await eventually("online on 2.0.0", () => device.agent()?.phase() === "online");
    const jobId = await pushUpdate(BROKEN);
    const node = await eventually("job rejected", async () => {
      const n = await jobNode(jobId);
      return n?.status === "rejected" && n;
    }, 45_000);
    assert.equal(node.info, "Firmware rolled back");
    assert.ok(lines.some((l) => /booting lightbulb 3\.0\.0 from slot a \(ota\)/.test(l)), "the new image did boot");
    assert.ok(lines.some((l) => /CONNACK refused \(return code 2\)/.test(l)), "the broker refused that boot");
    assert.deepEqual(device.firmware(), { projectName: "lightbulb", version: "2.0.0" });
    assert.equal(device.platform()!.system.resetReason(), "rollback");
    await eventually("online again on 2.0.0", () => device.agent()?.phase() === "online");
    assert.equal((await nodeConfig()).info.fw_version, "2.0.0");
  });
});

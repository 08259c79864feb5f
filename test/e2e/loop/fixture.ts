import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloudServer } from "../../../cloud-stub/server";
import type { CloudServer } from "../../../cloud-stub/server";
import { hashPassword } from "../../../cloud-stub/auth/password";
import { createLoopDevice, factoryRegistrar, login, rest } from "../../../host-sim/loop";
import type { CloudEndpoints, LoopDeviceOptions } from "../../../host-sim/loop";
import type { SimDevice, SimDeviceOptions } from "../../../host-sim/device";
import { lightbulbApp } from "../../../host-sim/apps/lightbulb";

export const USER = Object.freeze({ name: "maker@example.com", password: "loop-pass-123" });
export const NETWORK = Object.freeze({ ssid: "lab", passphrase: "lab-password" });
/** Fast reconnects so the broker-restart test stays short. */
export const FastAgent = Object.freeze({ backoff: { initialMs: 200, maxMs: 2000 }, systemDelayMs: 100, debounceMs: 20 });

export interface Loop {
  dir: string;
  cloud: CloudServer;
  endpoints: CloudEndpoints;
  token: string;
  userId: string;
  lines: string[];
  newDevice(name: string, extra?: Partial<SimDeviceOptions> & Pick<LoopDeviceOptions, "claimStrategy">): Promise<{ device: SimDevice; mappingRequest?: string }>;
  /** Stop the cloud and start it again on the same ports and data. */
  restartCloud(downMs?: number): Promise<void>;
  params(nodeId: string): Promise<any>;
  setParams(nodeId: string, payload: unknown): Promise<number>;
  close(): Promise<void>;
}

export async function startLoop(): Promise<Loop> {
  const dir = await mkdtemp(join(tmpdir(), "xsr-loop-"));
  const cloudDir = join(dir, "cloud");
  let cloud = await startCloudServer({ dataDir: cloudDir, httpPort: 0, httpsPort: 0, mqttPort: 0 });
  const now = Date.now();
  const userId = `u-loop-${now}`;
  cloud.store.createUser({ userId, userName: USER.name, passwordHash: await hashPassword(USER.password), name: "Maker", confirmed: true, createdAt: now });
  // the devices self-claim, as on a board: their factory secrets go into the cloud's batch
  const endpoints: CloudEndpoints = { http: cloud.urls.http, https: cloud.urls.https, caPem: cloud.authority.caPem, registerFactory: (d) => factoryRegistrar(cloud.claims)(d) };
  const token = await login(endpoints.http, USER.name, USER.password);
  const devices: SimDevice[] = [];
  const lines: string[] = [];
  const loop: Loop = {
    dir,
    get cloud() {
      return cloud;
    },
    endpoints,
    token,
    userId,
    lines,
    async newDevice(name, extra = {}) {
      const made = await createLoopDevice({
        dir: join(dir, "devices", name),
        app: lightbulbApp,
        cloud: endpoints,
        token,
        userId,
        network: NETWORK,
        agent: FastAgent,
        write: (line) => void lines.push(line),
        ...extra,
      });
      devices.push(made.device);
      return made;
    },
    async restartCloud(downMs = 300) {
      const ports = { http: Number(new URL(cloud.urls.http).port), https: Number(new URL(cloud.urls.https).port), mqtt: cloud.mqttPort };
      await cloud.close();
      await new Promise((r) => setTimeout(r, downMs));
      cloud = await startCloudServer({ dataDir: cloudDir, httpPort: ports.http, httpsPort: ports.https, mqttPort: ports.mqtt });
    },
    async params(nodeId) {
      const reply = await rest(endpoints.http, "GET", `/v1/user/nodes/params?nodeid=${nodeId}`, token);
      return reply.body;
    },
    async setParams(nodeId, payload) {
      return (await rest(endpoints.http, "PUT", "/v1/user/nodes/params", token, [{ node_id: nodeId, payload }])).status;
    },
    async close() {
      for (const d of devices) d.stop();
      await cloud.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return loop;
}

/** Poll `check` every 20 ms until it returns true; throws with `what` after `ms`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

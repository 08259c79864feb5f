/** Builds a cloud app on a store with a manual clock, a recording bus and a capturing log. */
import { createCloudApp } from "../../../cloud-stub/app";
import type { CloudApp } from "../../../cloud-stub/app";
import type { CloudBus } from "../../../cloud-stub/bus";
import type { CloudConfig, CloudLog } from "../../../cloud-stub/deps";
import type { CloudStore, NodeRecord } from "../../../cloud-stub/store/store";
import { MemoryStore } from "../../../cloud-stub/store/memory";
import { hashPassword } from "../../../cloud-stub/auth/password";

export interface Published {
  topic: string;
  json: unknown;
}

export class RecordingBus implements CloudBus {
  readonly published: Published[] = [];
  failFor = new Set<string>();
  async publish(topic: string, payload: Uint8Array): Promise<void> {
    if ([...this.failFor].some((id) => topic.includes(`/${id}/`))) throw new Error("broker down");
    this.published.push({ topic, json: JSON.parse(new TextDecoder().decode(payload)) });
  }
}

export class CaptureLog implements CloudLog {
  readonly lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  info(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: "info", msg, fields });
  }
  warn(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: "warn", msg, fields });
  }
  error(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: "error", msg, fields });
  }
}

export class ManualClock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
}

export interface Harness {
  app: CloudApp;
  store: CloudStore;
  bus: RecordingBus;
  log: CaptureLog;
  clock: ManualClock;
}

export function makeHarness(opts: { store?: CloudStore; now?: number; config?: Partial<CloudConfig> } = {}): Harness {
  const store = opts.store ?? new MemoryStore();
  const bus = new RecordingBus();
  const log = new CaptureLog();
  const clock = new ManualClock(opts.now ?? 1_795_001_000_000);
  const app = createCloudApp({ store, bus, clock, log, config: opts.config });
  return { app, store, bus, log, clock };
}

export async function seedUser(store: CloudStore, user: { user_id: string; user_name: string; password: string; name: string }): Promise<void> {
  store.createUser({
    userId: user.user_id,
    userName: user.user_name,
    passwordHash: await hashPassword(user.password),
    name: user.name,
    confirmed: true,
    createdAt: 0,
  });
}

export interface SeedNode {
  config: Record<string, unknown>;
  params: NodeRecord["params"];
  status: { connectivity: { connected: boolean; timestamp: number } };
  mapping_timestamp: number;
}

export function seedNode(store: CloudStore, userId: string, nodeId: string, n: SeedNode): void {
  store.ensureNode(nodeId, 0);
  const info = (n.config.info ?? {}) as Record<string, string>;
  store.setNodeConfig(
    nodeId,
    { config: n.config, configVersion: String(n.config.config_version), fwVersion: info.fw_version ?? null, type: info.type ?? null, model: info.model ?? null },
    0,
  );
  store.replaceParams(nodeId, n.params, 0);
  store.setConnectivity(nodeId, n.status.connectivity);
  store.addMapping({ userId, nodeId, primary: true, mappedAt: n.mapping_timestamp });
}

/** Logs in through the API and returns the tokens. */
export async function login(app: CloudApp, userName: string, password: string): Promise<{ accesstoken: string; idtoken: string; refreshtoken: string }> {
  const res = await app.http.inject({ method: "POST", url: "/v1/login2", payload: { user_name: userName, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

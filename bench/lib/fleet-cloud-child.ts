/**
 * The fleet benches' cloud process: the real cloud stub (HTTP, HTTPS, embedded mTLS broker) on the
 * fixture's data directory, so its memory and CPU are never counted as the simulator's. Builds or
 * refreshes the fixture, and on request reports each shadow update of `Light.Brightness` with its
 * wall-clock time (`performance.timeOrigin + performance.now()`, comparable across processes).
 * Usage: fork with `<fixture dir> <count> [--reuse]`.
 */
import { join } from "node:path";
import { startCloudServer } from "../../cloud-stub/server";
import type { CloudServerOptions } from "../../cloud-stub/server";
import { hashPassword } from "../../cloud-stub/auth/password";
import type { ParamsDocument } from "../../firmware/protocol/rainmaker/description";
import { serveRequests } from "./bench-ipc";
import { buildFleetFixture, clearFixture, FleetFixtureLayout, pointFixtureAt, readFixtureMeta } from "./fleet-fixture";
import type { FleetFixtureMeta } from "./fleet-fixture";
import { BenchUser } from "./loop-cloud";

export interface FleetCloudReady {
  http: string;
  userId: string;
  meta: FleetFixtureMeta;
  /** How the fixture was obtained and how long that took (not part of any measured figure). */
  fixture: { reused: boolean; ms: number };
}

/** Sent unsolicited after `watchShadow`: a shadow merge carrying this brightness. */
export interface ShadowEvent { op: "shadow"; nodeId: string; brightness: number; at: number }

const wallNow = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const [dir, countText] = process.argv.slice(2);
  const count = Number(countText);
  const reuse = process.argv.includes("--reuse");
  const existing = reuse ? readFixtureMeta(dir!) : undefined;
  const usable = existing !== undefined && existing.count === count;
  if (!usable) clearFixture(dir!);
  const claimLimits = { attemptsPerAddress: 1_000_000, attemptsPerMac: 1_000 } as unknown as CloudServerOptions["claimLimits"];
  const cloud = await startCloudServer({ dataDir: join(dir!, FleetFixtureLayout.cloudDir), httpPort: 0, httpsPort: 0, mqttPort: 0, claimLimits });
  let user = cloud.store.getUserByName(BenchUser.name);
  if (!user) {
    cloud.store.createUser({ userId: "u-bench", userName: BenchUser.name, passwordHash: await hashPassword(BenchUser.password), name: "Bench", confirmed: true, createdAt: Date.now() });
    user = cloud.store.getUserByName(BenchUser.name)!;
  }
  const t0 = performance.now();
  const meta = usable
    ? pointFixtureAt(dir!, existing, cloud.mqttHost, cloud.mqttPort)
    : await buildFleetFixture(cloud, dir!, count, user.userId, (n) => process.stderr.write(`fixture: ${n}/${count} devices claimed\n`));
  const fixture = { reused: usable, ms: performance.now() - t0 };

  const store = cloud.store;
  const merge = store.mergeParams.bind(store);
  let watching = false;
  store.mergeParams = (nodeId: string, delta: ParamsDocument, now: number) => {
    const result = merge(nodeId, delta, now);
    const brightness = delta.Light?.Brightness;
    if (watching && typeof brightness === "number") process.send!({ op: "shadow", nodeId, brightness, at: wallNow() } satisfies ShadowEvent);
    return result;
  };
  const close = async (): Promise<void> => {
    await cloud.close();
    process.exit(0);
  };
  process.on("disconnect", () => void close());
  serveRequests({
    watchShadow: () => {
      watching = true;
      return true;
    },
    close: () => {
      setImmediate(() => void close());
      return true;
    },
  }, { http: cloud.urls.http, userId: user.userId, meta, fixture } satisfies FleetCloudReady);
}

await main();

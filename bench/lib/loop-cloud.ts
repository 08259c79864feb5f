/** A local cloud for the fleet benches, with a user and the claim rate limit lifted (one address claims them all). */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloudServer } from "../../cloud-stub/server";
import type { CloudServer, CloudServerOptions } from "../../cloud-stub/server";
import { hashPassword } from "../../cloud-stub/auth/password";
import type { CloudEndpoints } from "../../host-sim/loop";

export const BenchUser = Object.freeze({ name: "bench@example.com", password: "bench-password-1" });

export interface BenchCloud {
  cloud: CloudServer;
  endpoints: CloudEndpoints;
  userId: string;
  dir: string;
}

export async function startBenchCloud(): Promise<BenchCloud> {
  const dir = await mkdtemp(join(tmpdir(), "xsr-bench-cloud-"));
  const claimLimits = { attemptsPerAddress: 1_000_000, attemptsPerMac: 1_000 } as unknown as CloudServerOptions["claimLimits"];
  const cloud = await startCloudServer({ dataDir: join(dir, "cloud"), httpPort: 0, httpsPort: 0, mqttPort: 0, claimLimits });
  const userId = "u-bench";
  cloud.store.createUser({ userId, userName: BenchUser.name, passwordHash: await hashPassword(BenchUser.password), name: "Bench", confirmed: true, createdAt: Date.now() });
  return { cloud, dir, userId, endpoints: { http: cloud.urls.http, https: cloud.urls.https, caPem: cloud.authority.caPem } };
}

/** Percentile of sorted-in-place samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const s = samples.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number >= 1`);
  return v;
}

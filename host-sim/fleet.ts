/**
 * N simulated devices against one cloud, each in `<stateDir>/devices/<app>-<i>`, with a progress bar
 * while they come online. New devices take the provisioning shortcut and claim (by default as a
 * board does: device-made RSA key, self claim; `server-key` for big fleets); devices whose flash
 * already holds credentials just boot.
 */
import { join } from "node:path";
import cliProgress from "cli-progress";
import type { SimApp } from "./apps/index";
import type { SimDevice, SimDeviceOptions } from "./device";
import { createLoopDevice } from "./loop";
import type { ClaimStrategy, CloudEndpoints } from "./loop";
import type { WifiCredentials } from "../firmware/ports/wifi";

export interface FleetOptions {
  count: number;
  app: SimApp;
  stateDir: string;
  cloud: CloudEndpoints;
  token: string;
  userId: string;
  network: WifiCredentials;
  /** Default `self` (the board's strategy; the cloud must offer `registerFactory`). */
  claimStrategy?: ClaimStrategy;
  /** Devices provisioning/claiming at the same time (default 16). */
  concurrency?: number;
  /** Show a cli-progress bar on stderr (default true when stderr is a TTY). */
  progress?: boolean;
  /** Per-device settings (log level, writer, agent backoff, provisioning). */
  device?: Partial<Omit<SimDeviceOptions, "dir" | "app">> & { provision?: SimDeviceOptions["provision"] };
  /** Give up waiting for the fleet after this long (default 10 min). */
  timeoutMs?: number;
}

export interface Fleet {
  readonly devices: SimDevice[];
  /** How many agents are online now. */
  online(): number;
  /** Reboot every device at once; resolves with the ms until all are online again. */
  rebootAll(): Promise<number>;
  stop(): void;
}

/** Boot the fleet; resolves when every device is online (or rejects at the timeout, naming the stragglers). */
export async function startFleet(options: FleetOptions): Promise<Fleet & { startMs: number }> {
  if (!Number.isInteger(options.count) || options.count < 1) throw new RangeError(`--devices must be a whole number >= 1, got ${options.count}`);
  const started = performance.now();
  const devices: SimDevice[] = [];
  const bar = (options.progress ?? process.stderr.isTTY === true)
    ? new cliProgress.SingleBar({ format: "fleet [{bar}] {value}/{total} online | {eta_formatted} left", stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  const onlineSet = new Set<SimDevice>();
  bar?.start(options.count, 0);
  const watch = (device: SimDevice): void => {
    device.onBoot((agent) => {
      onlineSet.delete(device);
      agent.onPhase((p) => {
        if (p === "online") onlineSet.add(device);
        else onlineSet.delete(device);
        bar?.update(onlineSet.size);
      });
    });
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const i = next++;
      const { device } = await createLoopDevice({
        dir: join(options.stateDir, "devices", `${options.app.name}-${i + 1}`),
        app: options.app,
        cloud: options.cloud,
        token: options.token,
        userId: options.userId,
        network: options.network,
        claimStrategy: options.claimStrategy ?? "self",
        logLevel: "warn",
        ...options.device,
      });
      devices.push(device);
      watch(device);
      const agent = device.boot();
      // bound the claims in flight: wait until this device is past claiming
      await new Promise<void>((resolve) => {
        const done = (p: string): boolean => p === "connecting" || p === "online" || p === "offline" || p === "refused" || p === "failed" || p === "unclaimed";
        if (done(agent.phase())) return resolve();
        agent.onPhase((p) => done(p) && resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, options.count) }, worker));
  const waitAll = async (): Promise<void> => {
    const end = Date.now() + (options.timeoutMs ?? 600_000);
    while (onlineSet.size < devices.length) {
      if (Date.now() > end) {
        const late = devices.filter((d) => !onlineSet.has(d)).map((d) => `${d.factory.mac} (${d.agent()?.phase()})`);
        throw new Error(`${late.length} device(s) not online: ${late.slice(0, 10).join(", ")}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await waitAll();
  } finally {
    bar?.stop();
  }
  return {
    devices,
    startMs: performance.now() - started,
    online: () => onlineSet.size,
    async rebootAll() {
      const t0 = performance.now();
      onlineSet.clear();
      for (const d of devices) d.reboot();
      await waitAll();
      return performance.now() - t0;
    },
    stop() {
      for (const d of devices) d.stop();
    },
  };
}

/**
 * A device running only the OTA module on host adapters (slot files + boot record, node:http client,
 * CBOR kv file, real timers), talking to a real cloud stub: device publishes enter the cloud's MQTT rule
 * entry, cloud publishes to `node/<id>/otaurl` are taken from the broker's in-process publish.
 */
import { readFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { CloudServer } from "../../../cloud-stub/server";
import { createOtaAgent } from "../../../firmware/core/ota/index";
import type { OtaAgent } from "../../../firmware/core/ota/index";
import type { OtaBootState, OtaPort } from "../../../firmware/ports/ota";
import type { ResetReason } from "../../../firmware/ports/system";
import { utf8Decode, utf8Encode } from "../../../firmware/protocol/bytes";
import { createClock } from "../../../host-sim/adapters/clock";
import { createCrypto } from "../../../host-sim/adapters/crypto";
import { createHttpClient } from "../../../host-sim/adapters/http-client";
import { createKv } from "../../../host-sim/adapters/kv";
import { createOta } from "../../../host-sim/adapters/ota";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import type { MemoryLog } from "../../../host-sim/fakes/log";
import { createFakeSystem } from "../../../host-sim/fakes/system";

export interface OtaDeviceBoot {
  agent: OtaAgent;
  state: OtaBootState;
  version: string;
  log: MemoryLog;
  restarts: ResetReason[];
}

export interface OtaDeviceOptions {
  cloud: CloudServer;
  dir: string;
  nodeId: string;
  project: string;
  publicKey: Uint8Array;
  factoryVersion: string;
  /** sha256 hex of a payload -> its version (what the simulator would read from the bundle). */
  versions: Map<string, string>;
  validationWindowMs: number;
}

/** Routes cloud publishes for node topics to the device that owns them. */
export function tapCloudPublishes(cloud: CloudServer): (nodeId: string, handler: (suffix: string, payload: Uint8Array) => void) => void {
  const handlers = new Map<string, (suffix: string, payload: Uint8Array) => void>();
  const transport = cloud.transport as { publish(topic: string, payload: Uint8Array): Promise<void> };
  const original = transport.publish.bind(transport);
  transport.publish = async (topic, payload) => {
    const m = /^node\/([^/]+)\/(.+)$/.exec(topic);
    if (m) handlers.get(m[1]!)?.(m[2]!, payload);
    return original(topic, payload);
  };
  return (nodeId, handler) => void handlers.set(nodeId, handler);
}

export function createOtaDevice(options: OtaDeviceOptions, onCloudMessage: ReturnType<typeof tapCloudPublishes>) {
  const otaDir = join(options.dir, "ota");
  let current: OtaDeviceBoot | undefined;
  let life = { dead: false };
  const runningVersion = (state: OtaBootState): string => {
    const file = join(otaDir, `ota-slot-${state.running}.bin`);
    if (!existsSync(file)) return options.factoryVersion;
    const bytes = readFileSync(file);
    if (bytes.length === 0) return options.factoryVersion;
    return options.versions.get(createHash("sha256").update(bytes).digest("hex")) ?? "unknown";
  };

  const boot = (cutAfterSlotBytes?: number): OtaDeviceBoot => {
    current?.agent.stop();
    const mine = { dead: false };
    life = mine;
    const clock = createClock();
    const log = createMemoryLog();
    const restarts: ResetReason[] = [];
    const raw = createOta({ dir: otaDir, ...(cutAfterSlotBytes === undefined ? {} : { hooks: { failAfterBytes: cutAfterSlotBytes } }) });
    // a power cut ends this boot: nothing it does afterwards reaches the cloud
    const ota: OtaPort = {
      boot: () => raw.boot(),
      readInactive: (o, l) => raw.readInactive(o, l),
      markValid: () => raw.markValid(),
      rollback: () => raw.rollback(),
      async begin(size, opts) {
        const writer = await raw.begin(size, opts);
        return {
          get written() {
            return writer.written;
          },
          write: (chunk) =>
            writer.write(chunk).catch((error: unknown) => {
              if (/power cut/.test(String(error))) mine.dead = true;
              throw error;
            }),
          complete: () => writer.complete(),
          abort: () => writer.abort(),
        };
      },
    };
    const state = raw.boot();
    const version = runningVersion(state);
    const system = createFakeSystem({ firmware: { projectName: options.project, version }, onRestart: (why) => restarts.push(why) });
    const agent = createOtaAgent({
      ports: { clock, kv: createKv({ file: join(options.dir, "flash.cbor") }), log, crypto: createCrypto(), system, httpClient: createHttpClient(), ota },
      publish: async (suffix, payload) => {
        if (mine.dead) throw new Error("power is off");
        await options.cloud.app.onMqttMessage({ topic: `node/${options.nodeId}/${suffix}`, nodeId: options.nodeId, payload: utf8Encode(payload) });
      },
      config: { nodeId: options.nodeId, projectName: options.project, version, publicKey: options.publicKey, fetchDelayMs: 0, rebootDelayMs: 20, validationWindowMs: options.validationWindowMs },
    });
    onCloudMessage(options.nodeId, (suffix, payload) => {
      if (suffix === "otaurl" && !mine.dead && current?.agent === agent) void agent.onOtaUrl(utf8Decode(payload));
    });
    current = { agent, state, version, log, restarts };
    return current;
  };

  return { boot, current: () => current!, isDead: () => life.dead };
}

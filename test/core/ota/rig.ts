/**
 * A simulated board for the device OTA module, on fakes only (runs on Node and XS): memory OTA flash
 * and kv that survive "reboots", a fake HTTP origin serving images with Range, a manual clock per boot,
 * and a power switch that kills the current boot's flash and kv at a chosen point.
 */
import { createOtaAgent } from "../../../firmware/core/ota/index";
import type { OtaAgent, OtaConfig } from "../../../firmware/core/ota/index";
import type { OtaBootState } from "../../../firmware/ports/ota";
import { bytesEqual, concatBytes, fromHex, utf8Decode } from "../../../firmware/protocol/bytes";
import { createManualClock } from "../../../host-sim/fakes/clock";
import type { ManualClock } from "../../../host-sim/fakes/clock";
import { createFakeHttpNetwork } from "../../../host-sim/fakes/http";
import type { FakeHttpReply } from "../../../host-sim/fakes/http";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import type { MemoryLog } from "../../../host-sim/fakes/log";
import { createMemoryOta, createMemoryOtaFlash } from "../../../host-sim/fakes/ota";
import type { MemoryOtaFlash, SimulatedOta } from "../../../host-sim/fakes/ota";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import type { FakeSystem } from "../../../host-sim/fakes/system";
import { getTestCrypto } from "../../helpers/crypto-port";
import { FixtureProject, FixturePublicKeyHex, ImageFixtures } from "./image-fixtures";
import { testPayload } from "./test-payload";

export const FactoryVersion = "1.0.0";
export const Origin = "http://ota.test";
export const WallClockMs = Date.UTC(2026, 0, 15, 12, 0, 0);
export type FixtureName = keyof typeof ImageFixtures;

export function fixturePayload(name: FixtureName): Uint8Array {
  const f = ImageFixtures[name];
  return testPayload(f.size, f.seed);
}

export function fixtureImage(name: FixtureName): Uint8Array {
  return concatBytes(fromHex(ImageFixtures[name].prefixHex), fixturePayload(name));
}

export function otaUrl(jobId: string, path: string, fileSize?: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ota_job_id: jobId, url: `${Origin}${path}`, ...(fileSize === undefined ? {} : { file_size: fileSize }), ...extra });
}

/** How the origin answers the next requests (each entry used once, then the default behaviour). */
export interface OriginScript {
  status?: number;
  ignoreRange?: boolean;
  failAfterBytes?: number;
}

export interface Report {
  status: string;
  info: string;
  jobId: string;
}

export interface Boot {
  agent: OtaAgent;
  ota: SimulatedOta;
  clock: ManualClock;
  system: FakeSystem;
  log: MemoryLog;
  state: OtaBootState;
  version: string;
}

export interface PowerCut {
  /** Flash bytes this boot may still write to a slot. */
  afterSlotBytes?: number;
  /** Slot reads this boot may still do (verification reads the slot back). */
  afterSlotReads?: number;
  /** Boot-record writes this boot may still do (complete() writes one). */
  afterRecordWrites?: number;
  /** kv writes (set/delete) this boot may still do. */
  afterKvWrites?: number;
  /** MQTT publishes this boot may still do. */
  afterPublishes?: number;
}

export function createOtaRig(config: Partial<OtaConfig> = {}) {
  const memory = createMemoryOtaFlash();
  let dead = false;
  let cut: PowerCut = {};
  const die = (): never => {
    dead = true;
    throw new Error("power cut");
  };
  const alive = (): void => {
    if (dead) throw new Error("power is off");
  };
  const flash: MemoryOtaFlash = {
    readRecord: () => memory.readRecord(),
    writeRecord(record) {
      alive();
      if (cut.afterRecordWrites !== undefined && cut.afterRecordWrites-- <= 0) die();
      memory.writeRecord(record);
    },
    slotLength: (slot) => memory.slotLength(slot),
    truncateSlot(slot, length) {
      alive();
      memory.truncateSlot(slot, length);
    },
    appendSlot(slot, bytes) {
      alive();
      const budget = cut.afterSlotBytes;
      if (budget !== undefined && bytes.length > budget) {
        memory.appendSlot(slot, bytes.subarray(0, budget));
        cut.afterSlotBytes = 0;
        die();
      }
      if (budget !== undefined) cut.afterSlotBytes = budget - bytes.length;
      memory.appendSlot(slot, bytes);
    },
    readSlot(slot, offset, length) {
      alive();
      if (cut.afterSlotReads !== undefined && cut.afterSlotReads-- <= 0) die();
      return memory.readSlot(slot, offset, length);
    },
    setPowerCut: (c) => memory.setPowerCut(c),
  };
  const kv = createMemoryKv({
    persist: () => {
      alive();
      if (cut.afterKvWrites !== undefined && cut.afterKvWrites-- <= 0) die();
    },
  });
  const crypto = getTestCrypto();
  const network = createFakeHttpNetwork({ chunkSize: 1024 });
  const files = new Map<string, Uint8Array>();
  const script: OriginScript[] = [];
  const reports: Report[] = [];
  const fetches: string[] = [];
  const requests: { path: string; range?: string }[] = [];

  network.route(Origin, (request): FakeHttpReply => {
    const range = request.headers.range;
    requests.push(range === undefined ? { path: request.path } : { path: request.path, range });
    const next = script.shift() ?? {};
    if (next.status !== undefined) return { status: next.status, body: new Uint8Array(0) };
    const file = files.get(request.path);
    if (!file) return { status: 404, body: new Uint8Array(0) };
    const tail = (reply: FakeHttpReply): FakeHttpReply => (next.failAfterBytes === undefined ? reply : { ...reply, failAfterBytes: next.failAfterBytes });
    const m = range === undefined || next.ignoreRange ? null : /^bytes=(\d+)-$/.exec(range);
    if (m) {
      const start = Number(m[1]);
      if (start >= file.length) return { status: 416, headers: { "content-range": `bytes */${file.length}` } };
      return tail({ status: 206, headers: { "content-range": `bytes ${start}-${file.length - 1}/${file.length}` }, body: file.subarray(start) });
    }
    return tail({ status: 200, body: file });
  });

  const versionOfSlot = (state: OtaBootState): string => {
    const length = memory.slotLength(state.running);
    if (length === 0) return FactoryVersion;
    const content = memory.readSlot(state.running, 0, length);
    for (const name of Object.keys(ImageFixtures) as FixtureName[]) {
      if (bytesEqual(content, fixturePayload(name))) return ImageFixtures[name].version;
    }
    return "corrupt";
  };

  let current: Boot | undefined;

  const boot = (): Boot => {
    current?.agent.stop();
    dead = false;
    cut = {};
    const clock = createManualClock({ epochMs: WallClockMs });
    const ota = createMemoryOta({ flash, slotCapacity: 64 * 1024 });
    const state = ota.boot();
    const version = versionOfSlot(state);
    const system = createFakeSystem({ firmware: { projectName: FixtureProject, version } });
    const log = createMemoryLog();
    const publish = (suffix: string, payload: string): void => {
      alive();
      if (cut.afterPublishes !== undefined && cut.afterPublishes-- <= 0) die();
      if (suffix === "otafetch") fetches.push(payload);
      if (suffix !== "otastatus") return;
      const m = JSON.parse(payload) as { ota_job_id: string; status: string; additional_info: string };
      reports.push({ jobId: m.ota_job_id, status: m.status, info: m.additional_info });
    };
    const agent = createOtaAgent({
      ports: { clock, kv, log, crypto, system, httpClient: network.client(), ota },
      publish,
      config: { nodeId: "node1", projectName: FixtureProject, version, publicKey: fromHex(FixturePublicKeyHex), rebootDelayMs: 1000, ...config },
    });
    current = { agent, ota, clock, system, log, state, version };
    return current;
  };

  return {
    kv,
    network,
    requests,
    fetches,
    /** Serve `bytes` at `path`. */
    serve(path: string, bytes: Uint8Array): void {
      files.set(path, bytes);
    },
    /** Queue one-shot answers of the origin. */
    script(...entries: OriginScript[]): void {
      script.push(...entries);
    },
    /** Arm a power cut for the current boot. */
    cutPower(at: PowerCut): void {
      cut = { ...at };
    },
    isDead: () => dead,
    boot,
    current: (): Boot => current!,
    reports: (): Report[] => reports.slice(),
    lastReport: (): Report | undefined => reports[reports.length - 1],
    clearReports(): void {
      reports.length = 0;
    },
    /** Run the scheduled restart of this boot, then boot again. */
    restartAfter(ms: number): Boot {
      current!.clock.advance(ms);
      return boot();
    },
    decode: utf8Decode,
  };
}

export type OtaRig = ReturnType<typeof createOtaRig>;

/** Let pending promise callbacks run (work started by a timer callback). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * Runs JavaScript in a real XS engine (the xsnap worker of @agoric/xsnap, XS 13) from Node.
 * Messages from XS (`issueCommand`, JSON) go to `onMessage`; `print` output goes to `onPrint`.
 * Heap figures: `meter.currentHeapCount` (live slots; exact after `gc()`), `meter.allocate` (bytes the
 * machine reserved from the OS), and `heapSnapshot()` which writes an XS snapshot (it collects
 * garbage first) and reads the sizes of its live chunk (BLOC) and slot (HEAP) sections.
 */
import { spawn } from "node:child_process";
import type { ChildProcess, SpawnOptions } from "node:child_process";
import { promises as fsp } from "node:fs";
import { createRequire } from "node:module";
import { type } from "node:os";
import { pathToFileURL } from "node:url";

export interface MeterUsage {
  /** Slots in use (live slots right after a `gc()`). */
  currentHeapCount: number;
  /** Metering units (roughly bytecodes) of this crank. */
  compute: number;
  /** Bytes the XS machine has reserved from the OS for slots and chunks. */
  allocate: number;
}

export interface HeapFigures {
  /** Bytes of live chunks (strings, buffers, array storage) after GC. */
  chunkBytes: number;
  /** Bytes of live slots after GC, at the host's slot size. */
  slotBytes: number;
  slots: number;
  /** chunkBytes + slotBytes on this 64-bit host. */
  hostBytes: number;
  /** Same heap with ESP32's 16-byte slots (32-bit pointers): chunkBytes + slots * 16. */
  esp32Bytes: number;
}

export interface XsWorker {
  /** Evaluates a script; an ArrayBuffer completion value comes back as `reply`. */
  evaluate(code: string): Promise<{ reply: Uint8Array; meter: MeterUsage }>;
  heapSnapshot(): Promise<HeapFigures>;
  close(): Promise<void>;
  /** Kills the worker (for timeouts); pending calls reject. */
  terminate(): Promise<void>;
}

export interface XsWorkerOptions {
  name?: string;
  /** Answers a JSON message sent by XS code through `issueCommand`; the return value is sent back as JSON. */
  onMessage?: (message: unknown) => unknown;
  onPrint?: (line: string) => void;
  /** Metering limit per evaluate (computation units; 0 = none, the default): past it the worker exits. */
  meteringLimit?: number;
}

/** Bytes per txSlot in the 64-bit xsnap build (pointer 8 + header 8 + value 16). */
export const HOST_SLOT_BYTES = 32;
/** Bytes per txSlot on ESP32 (32-bit pointers). */
export const ESP32_SLOT_BYTES = 16;

interface XsnapResult { reply: Uint8Array; meterUsage: MeterUsage }
interface XsnapInstance {
  evaluate(code: string): Promise<XsnapResult>;
  makeSnapshotStream(description?: string): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
  terminate(): Promise<void>;
}
type XsnapFactory = (options: Record<string, unknown>) => Promise<XsnapInstance>;

/** Stand-in for SES `harden` (the xsnap API hardens its own objects): a deep freeze of own properties. */
function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return value;
  seen.add(value);
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if ("value" in d) deepFreeze(d.value, seen);
    else {
      deepFreeze(d.get, seen);
      deepFreeze(d.set, seen);
    }
  }
  return value;
}

async function loadXsnap(): Promise<XsnapFactory> {
  const require = createRequire(import.meta.url);
  const g = globalThis as { harden?: unknown };
  // The xsnap JS API expects the Endo globals (HandledPromise, assert) and `harden`.
  const preRemoting = pathToFileURL(require.resolve("@endo/init/pre-remoting.js")).href;
  await import(preRemoting);
  g.harden ??= (x: unknown) => deepFreeze(x);
  const entry = pathToFileURL(require.resolve("@agoric/xsnap")).href;
  const mod = (await import(entry)) as { xsnap: XsnapFactory };
  return mod.xsnap;
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = "";
  return (chunk) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
}

/** Reads the live BLOC and HEAP section sizes out of an XS snapshot (IFF-style: u32be size incl. 8-byte header, 4-char tag). */
export function parseSnapshotSections(bytes: Uint8Array): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections = new Map<string, number>();
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const size = view.getUint32(offset);
    const tag = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (size < 8) throw new Error(`bad snapshot section ${tag} size ${size}`);
    sections.set(tag, size - 8);
    offset += size;
  }
  return sections;
}

/** Starts one xsnap worker. */
export async function startXsWorker(options: XsWorkerOptions = {}): Promise<XsWorker> {
  const xsnap = await loadXsnap();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let child: ChildProcess | undefined;
  const spawnCapturing = (bin: string, args: string[], opts: SpawnOptions): ChildProcess => {
    child = spawn(bin, args, opts);
    const onPrint = options.onPrint ?? ((line: string) => process.stdout.write(`${line}\n`));
    child.stdout?.on("data", splitLines(onPrint));
    child.stderr?.on("data", splitLines((line) => onPrint(`[xs stderr] ${line}`)));
    return child;
  };
  const handleCommand = async (request: Uint8Array): Promise<Uint8Array> => {
    const message = JSON.parse(decoder.decode(request)) as unknown;
    const answer = options.onMessage ? await options.onMessage(message) : undefined;
    return encoder.encode(answer === undefined ? "" : JSON.stringify(answer));
  };
  const worker = await xsnap({
    os: type(),
    spawn: spawnCapturing,
    fs: { ...fsp, tmpName: undefined },
    name: options.name ?? "xs-rainmaker",
    handleCommand,
    stdout: "pipe",
    stderr: "pipe",
    meteringLimit: options.meteringLimit ?? 0,
  });

  return {
    async evaluate(code) {
      const { reply, meterUsage } = await worker.evaluate(code);
      return { reply, meter: meterUsage };
    },
    async heapSnapshot() {
      const parts: Uint8Array[] = [];
      for await (const part of worker.makeSnapshotStream("heap")) parts.push(part);
      const sections = parseSnapshotSections(Buffer.concat(parts));
      const chunkBytes = sections.get("BLOC") ?? 0;
      const slotBytes = sections.get("HEAP") ?? 0;
      const slots = slotBytes / HOST_SLOT_BYTES;
      return { chunkBytes, slotBytes, slots, hostBytes: chunkBytes + slotBytes, esp32Bytes: chunkBytes + slots * ESP32_SLOT_BYTES };
    },
    close: () => worker.close().catch(() => undefined),
    terminate: () => worker.terminate(),
  };
}

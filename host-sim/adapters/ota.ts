import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OtaSlot } from "../../firmware/ports/ota";
import { createOtaOverFlash, type OtaBootRecord, type OtaFlash, type OtaOptions, type OtaPowerCut, type SimulatedOta } from "../fakes/ota";
import { writeFileAtomic, type AtomicWriteHooks } from "./atomic-file";
import { openSlotFile, type SlotFile } from "./ota-slot-file";

/** Test hooks of the host OTA adapter. */
export interface HostOtaHooks extends OtaPowerCut, AtomicWriteHooks {
  /** Runs after a slot's first `durableBytes` bytes were fsynced and its mark recorded; throw to cut power there. */
  afterSlotSync?: (slot: OtaSlot, durableBytes: number) => void;
}

/** Options for the host {@link createOta}. */
export interface HostOtaOptions extends OtaOptions {
  /** Device directory holding `ota-slot-a.bin`, `ota-slot-b.bin`, their `.synced` marks and `ota-boot.json`. */
  dir: string;
  /**
   * fsync the slot being written each time this many bytes are unsynced (default 1 MiB). A crash of
   * the host loses at most this much of an interrupted download; the resumed writer refetches it.
   */
  syncEveryBytes?: number;
  /** Test hooks: cut power after N slot bytes, while the boot record is replaced, or after a slot sync. */
  hooks?: HostOtaHooks;
}

/** Default distance between slot fsyncs while an image is written. */
export const DefaultOtaSyncEveryBytes = 1 << 20;

const SlotNames: readonly OtaSlot[] = Object.freeze(["a", "b"]);

function isRecord(value: unknown): value is OtaBootRecord {
  const r = value as OtaBootRecord;
  const slot = (s: unknown) => s === "a" || s === "b";
  return (
    typeof r === "object" && r !== null && slot(r.running) && typeof r.trial === "boolean" && typeof r.rolledBack === "boolean" &&
    (r.next === null || slot(r.next)) &&
    (r.partial === null || (typeof r.partial === "object" && slot(r.partial.slot) && Number.isInteger(r.partial.size)))
  );
}

function readRecordFile(path: string): OtaBootRecord | undefined {
  if (!existsSync(path)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isRecord(parsed)) throw new Error(`${path}: not an OTA boot record`);
  return parsed;
}

/**
 * Two slot files and an atomically replaced JSON boot record in the device directory.
 *
 * Durability: appends go to one open handle per slot without fsync. The slot is fsynced every
 * `syncEveryBytes`, before every boot record write (so `complete()` never names an image that is
 * not on disk), and when the `failAfterBytes` hook cuts power (ESP32 flash keeps every programmed
 * byte, so the simulated cut does too: `written` and a resumed writer see exactly the prefix).
 * A real host crash loses the unsynced tail: creating the adapter (= boot) cuts the interrupted
 * image back to its durable mark, and a resumed writer continues from there.
 */
function fileFlash(dir: string, hooks: HostOtaHooks, syncEveryBytes: number): OtaFlash {
  mkdirSync(dir, { recursive: true });
  const recordPath = join(dir, "ota-boot.json");
  const slots: Record<OtaSlot, SlotFile> = { a: openSlotFile(join(dir, "ota-slot-a.bin")), b: openSlotFile(join(dir, "ota-slot-b.bin")) };
  const interrupted = readRecordFile(recordPath)?.partial;
  if (interrupted) slots[interrupted.slot].keepDurablePrefix();
  let budget = hooks.failAfterBytes;

  const sync = (slot: OtaSlot): void => {
    const file = slots[slot];
    if (file.unsynced === 0) return;
    file.sync();
    hooks.afterSlotSync?.(slot, file.length);
  };

  return {
    readRecord: () => readRecordFile(recordPath),
    writeRecord(record) {
      // the record may name a slot as the next image: its bytes are durable first
      for (const slot of SlotNames) sync(slot);
      writeFileAtomic(recordPath, new TextEncoder().encode(`${JSON.stringify(record)}\n`), hooks);
      // marks matter only while the record names an interrupted image; drop them once it no longer does
      for (const slot of SlotNames) {
        if (record.partial?.slot === slot) continue;
        slots[slot].forgetMark();
        slots[slot].close();
      }
    },
    slotLength: (slot) => slots[slot].length,
    truncateSlot: (slot, size) => slots[slot].truncate(size),
    appendSlot(slot, bytes) {
      const file = slots[slot];
      const allowed = budget === undefined ? bytes.length : Math.min(bytes.length, budget);
      file.append(allowed === bytes.length ? bytes : bytes.subarray(0, allowed));
      if (budget !== undefined) {
        budget -= allowed;
        if (allowed < bytes.length) {
          try {
            sync(slot);
          } finally {
            file.close();
          }
          throw new Error("simulated power cut during flash write");
        }
      }
      if (file.unsynced >= syncEveryBytes) sync(slot);
    },
    readSlot: (slot, offset, size) => slots[slot].read(offset, size),
  };
}

/**
 * {@link OtaPort} on two slot files + a boot record. Creating it is one boot (the boot loader step
 * runs); create it again on the same `dir`, or call `simulateReboot()`, to restart.
 */
export function createOta(options: HostOtaOptions): SimulatedOta {
  const syncEveryBytes = options.syncEveryBytes ?? DefaultOtaSyncEveryBytes;
  if (!Number.isInteger(syncEveryBytes) || syncEveryBytes <= 0) throw new RangeError(`syncEveryBytes must be a positive integer, got ${syncEveryBytes}`);
  return createOtaOverFlash(fileFlash(options.dir, options.hooks ?? {}, syncEveryBytes), options);
}

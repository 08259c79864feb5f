import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, statSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { OtaSlot } from "../../firmware/ports/ota";
import { createOtaOverFlash, type OtaBootRecord, type OtaFlash, type OtaOptions, type OtaPowerCut, type SimulatedOta } from "../fakes/ota";
import { writeFileAtomic, type AtomicWriteHooks } from "./atomic-file";

/** Options for the host {@link createOta}. */
export interface HostOtaOptions extends OtaOptions {
  /** Device directory holding `ota-slot-a.bin`, `ota-slot-b.bin` and `ota-boot.json`. */
  dir: string;
  /** Test hooks: cut power after N slot bytes, or while the boot record is replaced. */
  hooks?: OtaPowerCut & AtomicWriteHooks;
}

function isRecord(value: unknown): value is OtaBootRecord {
  const r = value as OtaBootRecord;
  const slot = (s: unknown) => s === "a" || s === "b";
  return (
    typeof r === "object" && r !== null && slot(r.running) && typeof r.trial === "boolean" && typeof r.rolledBack === "boolean" &&
    (r.next === null || slot(r.next)) &&
    (r.partial === null || (typeof r.partial === "object" && slot(r.partial.slot) && Number.isInteger(r.partial.size)))
  );
}

/** Two slot files and an atomically replaced JSON boot record in the device directory. */
function fileFlash(dir: string, hooks: HostOtaOptions["hooks"] = {}): OtaFlash {
  mkdirSync(dir, { recursive: true });
  const slotPath = (slot: OtaSlot) => join(dir, `ota-slot-${slot}.bin`);
  const recordPath = join(dir, "ota-boot.json");
  let budget = hooks.failAfterBytes;
  const length = (slot: OtaSlot) => (existsSync(slotPath(slot)) ? statSync(slotPath(slot)).size : 0);
  return {
    readRecord() {
      if (!existsSync(recordPath)) return undefined;
      const parsed: unknown = JSON.parse(readFileSync(recordPath, "utf8"));
      if (!isRecord(parsed)) throw new Error(`${recordPath}: not an OTA boot record`);
      return parsed;
    },
    writeRecord(record) {
      writeFileAtomic(recordPath, new TextEncoder().encode(`${JSON.stringify(record)}\n`), hooks);
    },
    slotLength: length,
    truncateSlot(slot, size) {
      if (!existsSync(slotPath(slot))) closeSync(openSync(slotPath(slot), "w"));
      truncateSync(slotPath(slot), size);
    },
    appendSlot(slot, bytes) {
      const allowed = budget === undefined ? bytes.length : Math.min(bytes.length, budget);
      const fd = openSync(slotPath(slot), "a");
      try {
        let offset = 0;
        while (offset < allowed) offset += writeSync(fd, bytes, offset, allowed - offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (budget !== undefined) {
        budget -= allowed;
        if (allowed < bytes.length) throw new Error("simulated power cut during flash write");
      }
    },
    readSlot(slot, offset, size) {
      const out = new Uint8Array(size);
      const fd = openSync(slotPath(slot), "r");
      try {
        let done = 0;
        while (done < size) {
          const n = readSync(fd, out, done, size - done, offset + done);
          if (n === 0) break;
          done += n;
        }
      } finally {
        closeSync(fd);
      }
      return out;
    },
  };
}

/**
 * {@link OtaPort} on two slot files + a boot record. Creating it is one boot (the boot loader step
 * runs); create it again on the same `dir`, or call `simulateReboot()`, to restart.
 */
export function createOta(options: HostOtaOptions): SimulatedOta {
  return createOtaOverFlash(fileFlash(options.dir, options.hooks), options);
}

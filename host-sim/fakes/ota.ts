import type { OtaBootState, OtaPort, OtaSlot, OtaWriter } from "../../firmware/ports/ota";
import type { ResetReason } from "../../firmware/ports/system";

/** What the boot loader persists between boots (ESP32 `otadata`). */
export interface OtaBootRecord {
  /** Slot booted last. */
  running: OtaSlot;
  /** The running image has not been marked valid yet (ESP_OTA_IMG_PENDING_VERIFY). */
  trial: boolean;
  /** The last boot rolled a trial image back. */
  rolledBack: boolean;
  /** A completed image to boot at the next restart. */
  next: OtaSlot | null;
  /** An image being written (kept for resume). */
  partial: { slot: OtaSlot; size: number } | null;
}

/** The flash behind an OTA port: two slots and a boot record. */
export interface OtaFlash {
  readRecord(): OtaBootRecord | undefined;
  /** Must be atomic: a power cut keeps the old or the new record. */
  writeRecord(record: OtaBootRecord): void;
  slotLength(slot: OtaSlot): number;
  /** Cut the slot to `length` bytes (0 = erase). */
  truncateSlot(slot: OtaSlot, length: number): void;
  /** Append; may write only a prefix and then throw (power cut). */
  appendSlot(slot: OtaSlot, bytes: Uint8Array): void;
  readSlot(slot: OtaSlot, offset: number, length: number): Uint8Array;
}

/** Options shared by the OTA fake and the host adapter. */
export interface OtaOptions {
  /** Largest image a slot holds (default 0x1F0000, ota_0 of the OTA partition table [moddable.md 5]). */
  slotCapacity?: number;
  /** Host callback for `rollback()`: the simulator restarts the device (then the new boot rolls back). */
  onRestart?: (reason: ResetReason) => void;
}

/** An {@link OtaPort} with simulator controls. */
export interface SimulatedOta extends OtaPort {
  /** Run the boot loader step as a restart would, and return the new boot state. */
  simulateReboot(): OtaBootState;
  /** Flip one byte of a slot (a flash fault or a tampered image). */
  corruptSlot(slot: OtaSlot, offset: number): void;
  /** The persisted boot record (copy). */
  record(): OtaBootRecord;
}

/** Default ota_0 size of Moddable's OTA partition table (1984 KiB) [moddable.md 5]. */
export const DefaultOtaSlotCapacity = 0x1f0000;

const other = (slot: OtaSlot): OtaSlot => (slot === "a" ? "b" : "a");

/** The ESP32 boot loader decision at power-on, as a pure function of the record. */
export function bootStep(record: OtaBootRecord): OtaBootRecord {
  if (record.next) return { ...record, running: record.next, trial: true, rolledBack: false, next: null };
  // a trial image that reached a restart without markValid is abandoned
  if (record.trial) return { ...record, running: other(record.running), trial: false, rolledBack: true };
  return { ...record, rolledBack: false };
}

function sameRecord(a: OtaBootRecord, b: OtaBootRecord): boolean {
  const partial = (r: OtaBootRecord): string => (r.partial ? `${r.partial.slot}:${r.partial.size}` : "-");
  return a.running === b.running && a.trial === b.trial && a.rolledBack === b.rolledBack && a.next === b.next && partial(a) === partial(b);
}

/** OTA semantics over any {@link OtaFlash}; runs the boot step once at creation (= one boot). */
export function createOtaOverFlash(flash: OtaFlash, options: OtaOptions = {}): SimulatedOta {
  const capacity = options.slotCapacity ?? DefaultOtaSlotCapacity;
  const stored = flash.readRecord();
  let record: OtaBootRecord = stored ?? { running: "a", trial: false, rolledBack: false, next: null, partial: null };
  let generation = 0;

  const save = (next: OtaBootRecord): void => {
    flash.writeRecord(next);
    record = next;
  };
  const boot = (): void => {
    generation++;
    const next = bootStep(record);
    // an ordinary boot changes nothing: no flash write (a host flash write is an fsync)
    if (stored && sameRecord(stored, next)) record = next;
    else save(next);
  };
  boot();

  const state = (): OtaBootState => ({ running: record.running, pendingValidation: record.trial, rolledBack: record.rolledBack });

  return {
    boot: state,
    async begin(size, beginOptions = {}) {
      if (!Number.isInteger(size) || size <= 0) throw new RangeError(`OTA image size must be a positive integer, got ${size}`);
      if (size > capacity) throw new RangeError(`OTA image of ${size} bytes does not fit the ${capacity}-byte slot`);
      const slot = other(record.running);
      const myGeneration = ++generation;
      const partial = record.partial;
      let written: number;
      if (beginOptions.resume && partial && partial.slot === slot && partial.size === size) {
        written = Math.min(flash.slotLength(slot), size);
        flash.truncateSlot(slot, written);
      } else {
        flash.truncateSlot(slot, 0);
        save({ ...record, next: record.next === slot ? null : record.next, partial: { slot, size } });
        written = 0;
      }
      let finished = false;
      const live = (): void => {
        if (myGeneration !== generation) throw new Error("OTA writer superseded (a newer begin or a reboot)");
        if (finished) throw new Error("OTA writer already completed or aborted");
      };
      const writer: OtaWriter = {
        get written() {
          return written;
        },
        async write(chunk) {
          live();
          if (!(chunk instanceof Uint8Array)) throw new TypeError("OTA chunk must be a Uint8Array");
          if (written + chunk.length > size) throw new RangeError(`OTA write past the announced size (${written} + ${chunk.length} > ${size})`);
          try {
            flash.appendSlot(slot, chunk);
          } finally {
            written = flash.slotLength(slot);
          }
        },
        async complete() {
          live();
          if (written !== size) throw new Error(`OTA image incomplete: ${written} of ${size} bytes written`);
          finished = true;
          save({ ...record, next: slot, partial: null });
        },
        async abort() {
          if (finished || myGeneration !== generation) return;
          finished = true;
          flash.truncateSlot(slot, 0);
          save({ ...record, partial: null });
        },
      };
      return writer;
    },
    async readInactive(offset, length) {
      const slot = other(record.running);
      const stored = flash.slotLength(slot);
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > stored) {
        throw new RangeError(`readInactive(${offset}, ${length}) outside the ${stored} bytes in slot ${slot}`);
      }
      return flash.readSlot(slot, offset, length);
    },
    async markValid() {
      if (record.trial) save({ ...record, trial: false });
    },
    async rollback() {
      if (!record.trial) throw new Error("nothing to roll back: the running image is not on trial");
      save({ ...record, next: null });
      options.onRestart?.("rollback");
    },
    simulateReboot() {
      boot();
      return state();
    },
    corruptSlot(slot, offset) {
      const length = flash.slotLength(slot);
      if (offset < 0 || offset >= length) throw new RangeError(`slot ${slot} has ${length} bytes; cannot corrupt offset ${offset}`);
      const tail = flash.readSlot(slot, offset, length - offset);
      tail[0] = tail[0]! ^ 0xff;
      flash.truncateSlot(slot, offset);
      flash.appendSlot(slot, tail);
    },
    record: () => ({ ...record, partial: record.partial ? { ...record.partial } : null }),
  };
}

/** Power-cut hook shared by the fake and the adapter. */
export interface OtaPowerCut {
  /** Total slot bytes this instance may write; the write crossing it stores a prefix then throws. */
  failAfterBytes?: number;
}

/** In-memory flash for the OTA fake; keep the object to "reboot" with a new {@link createMemoryOta}. */
export interface MemoryOtaFlash extends OtaFlash {
  /** Set or clear the power-cut budget. */
  setPowerCut(cut: OtaPowerCut): void;
}

/** In-memory two-slot flash with an optional power-cut point. */
export function createMemoryOtaFlash(): MemoryOtaFlash {
  const slots: Record<OtaSlot, Uint8Array> = { a: new Uint8Array(0), b: new Uint8Array(0) };
  let record: OtaBootRecord | undefined;
  let budget: number | undefined;
  return {
    readRecord: () => (record ? { ...record, partial: record.partial ? { ...record.partial } : null } : undefined),
    writeRecord(next) {
      record = { ...next, partial: next.partial ? { ...next.partial } : null };
    },
    slotLength: (slot) => slots[slot].length,
    truncateSlot(slot, length) {
      slots[slot] = slots[slot].slice(0, length);
    },
    appendSlot(slot, bytes) {
      const allowed = budget === undefined ? bytes.length : Math.min(bytes.length, budget);
      const grown = new Uint8Array(slots[slot].length + allowed);
      grown.set(slots[slot]);
      grown.set(bytes.subarray(0, allowed), slots[slot].length);
      slots[slot] = grown;
      if (budget !== undefined) {
        budget -= allowed;
        if (allowed < bytes.length) throw new Error("simulated power cut during flash write");
      }
    },
    readSlot: (slot, offset, length) => slots[slot].slice(offset, offset + length),
    setPowerCut(cut) {
      budget = cut.failAfterBytes;
    },
  };
}

/** In-memory {@link OtaPort}: pass the same `flash` to a new instance to model a reboot. */
export function createMemoryOta(options: OtaOptions & { flash?: MemoryOtaFlash } = {}): SimulatedOta {
  return createOtaOverFlash(options.flash ?? createMemoryOtaFlash(), options);
}

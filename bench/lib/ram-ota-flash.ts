/** A RAM OtaFlash with preallocated slots (appends are linear), to time the OTA path without disk fsyncs. */
import type { OtaSlot } from "../../firmware/ports/ota";
import type { OtaBootRecord, OtaFlash } from "../../host-sim/fakes/ota";

export function createRamOtaFlash(capacity: number): OtaFlash {
  const slots: Record<OtaSlot, { bytes: Uint8Array; length: number }> = { a: { bytes: new Uint8Array(capacity), length: 0 }, b: { bytes: new Uint8Array(capacity), length: 0 } };
  let record: OtaBootRecord | undefined;
  return {
    readRecord: () => (record ? { ...record } : undefined),
    writeRecord(next) {
      record = { ...next };
    },
    slotLength: (slot) => slots[slot].length,
    truncateSlot(slot, length) {
      slots[slot].length = Math.min(length, slots[slot].length);
    },
    appendSlot(slot, bytes) {
      const s = slots[slot];
      s.bytes.set(bytes, s.length);
      s.length += bytes.length;
    },
    readSlot: (slot, offset, length) => slots[slot].bytes.slice(offset, offset + length),
  };
}

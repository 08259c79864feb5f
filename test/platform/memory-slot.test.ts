/** The in-memory OTA slot of the Moddable adapter on `lin` keeps the OTA port's read-back rules. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { MemorySlot } from "../../firmware/platform/moddable/memory-slot";

describe("MemorySlot (Moddable OTA on lin)", () => {
  it("reads back what was written before the image is complete, as the agent's verification does", () => {
    const slot = new MemorySlot();
    slot.open(10);
    slot.write(Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual(slot.read(1, 2), Uint8Array.of(2, 3));
    slot.write(Uint8Array.of(5, 6, 7, 8, 9, 10));
    assert.deepEqual(slot.read(0, 10), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  });

  it("refuses reads past the image, writes past its size, and everything after a cancel", () => {
    const slot = new MemorySlot();
    assert.throws(() => slot.read(0, 1), RangeError);
    assert.throws(() => slot.write(new Uint8Array(1)), /no OTA image/);
    slot.open(4);
    assert.throws(() => slot.read(2, 3), /outside the stored image/);
    assert.throws(() => slot.write(new Uint8Array(5)), /larger than the 4-byte slot/);
    slot.cancel();
    assert.throws(() => slot.read(0, 1), RangeError);
  });

  it("holds any image written in any chunking", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1 }), (image, cuts) => {
        const slot = new MemorySlot();
        slot.open(image.length);
        let at = 0;
        for (let i = 0; at < image.length; i++) {
          const end = Math.min(image.length, at + cuts[i % cuts.length]!);
          slot.write(image.subarray(at, end));
          at = end;
        }
        assert.deepEqual(slot.read(0, image.length), image);
      }),
    );
  });
});

import assert from "node:assert/strict";
import fc from "fast-check";
import type { OtaSlot } from "../../firmware/ports/ota";
import type { ResetReason } from "../../firmware/ports/system";
import type { OtaOptions, OtaPowerCut, SimulatedOta } from "../../host-sim/fakes/ota";

/** Fresh OTA storage; `boot` creates a port on it (one boot), with optional power-cut hooks. */
export interface OtaHarness {
  boot(options?: OtaOptions & { powerCut?: OtaPowerCut }): SimulatedOta;
  dispose?(): void;
}

const image = (size: number, seed = 1): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);

async function install(ota: SimulatedOta, bytes: Uint8Array, chunk = 1000): Promise<void> {
  const writer = await ota.begin(bytes.length);
  for (let offset = 0; offset < bytes.length; offset += chunk) await writer.write(bytes.subarray(offset, offset + chunk));
  await writer.complete();
}

/** OtaPort contract: two slots, trial boot, markValid, rollback on reboot, resume after a power cut. */
export function otaContract(name: string, makeHarness: () => OtaHarness): void {
  describe(`OtaPort contract: ${name}`, () => {
    let h: OtaHarness;
    beforeEach(() => {
      h = makeHarness();
    });
    afterEach(() => h.dispose?.());

    it("first boot runs slot a, validated, not rolled back", () => {
      assert.deepEqual(h.boot().boot(), { running: "a", pendingValidation: false, rolledBack: false });
    });

    it("writes the inactive slot, reads it back, and boots it on trial after a reboot", async () => {
      const ota = h.boot();
      const bytes = image(4500);
      const writer = await ota.begin(bytes.length);
      await writer.write(bytes.subarray(0, 2000));
      assert.equal(writer.written, 2000);
      await writer.write(bytes.subarray(2000));
      assert.equal(writer.written, 4500);
      assert.deepEqual(await ota.readInactive(1000, 100), bytes.subarray(1000, 1100));
      await writer.complete();
      assert.equal(ota.boot().running, "a", "nothing changes before the restart");
      assert.deepEqual(ota.simulateReboot(), { running: "b", pendingValidation: true, rolledBack: false });
      await ota.markValid();
      assert.equal(ota.boot().pendingValidation, false);
      assert.deepEqual(ota.simulateReboot(), { running: "b", pendingValidation: false, rolledBack: false });
      await install(ota, image(300, 9));
      assert.deepEqual(ota.simulateReboot(), { running: "a", pendingValidation: true, rolledBack: false });
    });

    it("rolls back when a trial image reboots without markValid", async () => {
      const ota = h.boot();
      await install(ota, image(2048));
      ota.simulateReboot();
      assert.deepEqual(h.boot().boot(), { running: "a", pendingValidation: false, rolledBack: true }, "a fresh boot on the same flash rolls back");
    });

    it("reports rolledBack only for the boot that rolled back", async () => {
      const ota = h.boot();
      await install(ota, image(100));
      ota.simulateReboot();
      assert.equal(ota.simulateReboot().rolledBack, true);
      assert.deepEqual(ota.simulateReboot(), { running: "a", pendingValidation: false, rolledBack: false });
    });

    it("rollback() asks the host to restart and the restart boots the previous image", async () => {
      const restarts: ResetReason[] = [];
      const ota = h.boot({ onRestart: (reason) => restarts.push(reason) });
      await assert.rejects(ota.rollback(), /nothing to roll back/);
      await install(ota, image(100));
      ota.simulateReboot();
      await ota.rollback();
      assert.deepEqual(restarts, ["rollback"]);
      assert.deepEqual(ota.simulateReboot(), { running: "a", pendingValidation: false, rolledBack: true });
    });

    it("refuses bad sizes, writes past the size and completing a short image", async () => {
      const ota = h.boot({ slotCapacity: 10_000 });
      await assert.rejects(ota.begin(0), RangeError);
      await assert.rejects(ota.begin(1.5), RangeError);
      await assert.rejects(ota.begin(10_001), /does not fit/);
      const writer = await ota.begin(10);
      await assert.rejects(writer.write(new Uint8Array(11)), /past the announced size/);
      await writer.write(new Uint8Array(5));
      await assert.rejects(writer.complete(), /incomplete: 5 of 10/);
      assert.deepEqual(ota.simulateReboot(), { running: "a", pendingValidation: false, rolledBack: false });
    });

    it("abort() discards the image and keeps the boot state", async () => {
      const ota = h.boot();
      const writer = await ota.begin(100);
      await writer.write(new Uint8Array(50));
      await writer.abort();
      await assert.rejects(ota.readInactive(0, 1), RangeError);
      await assert.rejects(writer.write(new Uint8Array(1)), /completed or aborted/);
      assert.equal(ota.simulateReboot().running, "a");
    });

    it("a reboot kills an open writer", async () => {
      const ota = h.boot();
      const writer = await ota.begin(100);
      ota.simulateReboot();
      await assert.rejects(writer.write(new Uint8Array(1)), /superseded/);
    });

    it("after a power cut at byte N, the old image boots and a resumed writer continues at N", async () => {
      const bytes = image(4000, 3);
      const cut = h.boot({ powerCut: { failAfterBytes: 1234 } });
      const writer = await cut.begin(bytes.length);
      await writer.write(bytes.subarray(0, 1000));
      await assert.rejects(writer.write(bytes.subarray(1000, 2000)), /power cut/);
      const ota = h.boot();
      assert.deepEqual(ota.boot(), { running: "a", pendingValidation: false, rolledBack: false });
      const resumed = await ota.begin(bytes.length, { resume: true });
      assert.equal(resumed.written, 1234);
      await resumed.write(bytes.subarray(1234));
      await resumed.complete();
      assert.deepEqual(await ota.readInactive(0, bytes.length), bytes);
      assert.equal(ota.simulateReboot().running, "b");
    });

    it("resume starts from 0 for a different size or when nothing was interrupted", async () => {
      const ota = h.boot();
      assert.equal((await ota.begin(500, { resume: true })).written, 0);
      const writer = await ota.begin(500);
      await writer.write(new Uint8Array(200));
      assert.equal((await ota.begin(600, { resume: true })).written, 0);
    });

    it("property: any chunking and any power-cut point, resumed, yields the exact image", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 1, maxLength: 3000 }),
          fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
          fc.nat(),
          async (bytes, sizes, cutSeed) => {
            const fresh = makeHarness();
            try {
              const cutAt = cutSeed % bytes.length;
              const first = fresh.boot({ powerCut: { failAfterBytes: cutAt } });
              const writer = await first.begin(bytes.length);
              let offset = 0;
              let cut = false;
              for (let i = 0; offset < bytes.length && !cut; i++) {
                const size = sizes[i % sizes.length]!;
                try {
                  await writer.write(bytes.subarray(offset, offset + size));
                  offset = Math.min(offset + size, bytes.length);
                } catch {
                  cut = true;
                }
              }
              assert.ok(cut, "the power cut happened before the end");
              const ota = fresh.boot();
              const resumed = await ota.begin(bytes.length, { resume: true });
              assert.equal(resumed.written, cutAt);
              await resumed.write(bytes.subarray(cutAt));
              await resumed.complete();
              assert.deepEqual(await ota.readInactive(0, bytes.length), bytes);
            } finally {
              fresh.dispose?.();
            }
          },
        ),
        { numRuns: 15 },
      );
    });

    it("corruptSlot flips a byte that readInactive then shows", async () => {
      const ota = h.boot();
      const bytes = image(64);
      await install(ota, bytes);
      const slot: OtaSlot = ota.boot().running === "a" ? "b" : "a";
      ota.corruptSlot(slot, 10);
      const back = await ota.readInactive(0, 64);
      assert.equal(back[10], bytes[10]! ^ 0xff);
      assert.deepEqual(back.subarray(11), bytes.subarray(11));
      await assert.rejects(ota.readInactive(60, 5), RangeError);
    });
  });
}

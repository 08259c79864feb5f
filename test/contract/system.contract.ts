import assert from "node:assert/strict";
import type { ResetReason, SystemPort } from "../../firmware/ports/system";
import type { SystemOptions } from "../../host-sim/fakes/system";

/** SystemPort contract: restart reaches the host, identity and MAC are as configured and copied. */
export function systemContract(name: string, makeSystem: (options: SystemOptions) => SystemPort): void {
  describe(`SystemPort contract: ${name}`, () => {
    it("calls the host restart callback with the reason", () => {
      const seen: ResetReason[] = [];
      const system = makeSystem({ onRestart: (reason) => seen.push(reason) });
      system.restart("ota");
      system.restart("software");
      assert.deepEqual(seen, ["ota", "software"]);
    });

    it("rejects an unknown restart reason", () => {
      const system = makeSystem({});
      assert.throws(() => system.restart("bogus" as ResetReason), /unknown reset reason/);
    });

    it("reports the configured reset reason, defaulting to power-on", () => {
      assert.equal(makeSystem({}).resetReason(), "power-on");
      assert.equal(makeSystem({ resetReason: "rollback" }).resetReason(), "rollback");
    });

    it("returns the configured 6-byte MAC as a copy", () => {
      const system = makeSystem({ mac: Uint8Array.from([0x24, 0x6f, 0x28, 1, 2, 3]) });
      const mac = system.mac();
      assert.deepEqual(Array.from(mac), [0x24, 0x6f, 0x28, 1, 2, 3]);
      mac[0] = 0;
      assert.equal(system.mac()[0], 0x24);
      assert.throws(() => makeSystem({ mac: new Uint8Array(5) }), /6 bytes/);
    });

    it("reports heap figures and firmware identity", () => {
      const system = makeSystem({ firmware: { projectName: "lamp", version: "1.2.3" } });
      const heap = system.heap();
      assert.equal(typeof heap.used, "number");
      assert.ok(heap.used >= 0);
      const firmware = system.firmware();
      assert.equal(firmware.projectName, "lamp");
      assert.equal(firmware.version, "1.2.3");
      assert.equal(typeof firmware.platform, "string");
    });
  });
}

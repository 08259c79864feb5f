import assert from "node:assert/strict";
import type { CryptoPort } from "../../../../firmware/ports/crypto";
import { fromHex, toHex } from "../../../../firmware/protocol/bytes";
import { createReplayRandomness } from "./recorded-randomness";
import { buildVectorDevice, type VectorDeviceInstance } from "./vector-device";
import type { ProvisioningVector, VectorRun } from "./vector-types";

/**
 * Replays a provisioning vector through the protocomm core (vectors README "How to replay"):
 * recorded randomness, device restarts, and byte-exact responses, Set-Cookie and closes.
 */
export function createVectorReplay(vector: ProvisioningVector, base: CryptoPort): { run(run: VectorRun): VectorDeviceInstance } {
  const randomness = createReplayRandomness(base);
  let device: VectorDeviceInstance | undefined;
  return {
    run(run) {
      if (!device || run.restart_device_before) device = buildVectorDevice(vector.device, randomness.crypto);
      randomness.push(run.device_randomness);
      const eventsBefore = device.events.length;
      for (const ex of run.exchanges) {
        const where = `${vector.scenario} #${ex.seq} ${ex.endpoint}`;
        const res = device.protocomm.handle({
          endpoint: ex.endpoint,
          body: fromHex(ex.request.body_hex),
          cookie: ex.request.headers["Cookie"],
          connectionId: ex.connection,
        });
        if (ex.response === null) {
          assert.ok("close" in res, `${where}: expected the connection to close (${ex.device_reason})`);
          continue;
        }
        assert.ok(!("close" in res), `${where}: device closed: ${"close" in res ? res.reason : ""}`);
        assert.equal(toHex(res.body), ex.response.body_hex, where);
        assert.equal(res.setCookie, ex.response.headers["Set-Cookie"], `${where}: Set-Cookie`);
      }
      assert.equal(randomness.remaining(), 0, `${run.name}: recorded randomness left unused`);
      assert.deepEqual(device.events.slice(eventsBefore), run.device_events, `${run.name}: device events`);
      return device;
    },
  };
}

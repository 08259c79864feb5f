import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes, fromHex } from "../../../firmware/protocol/bytes";
import { ImageFixtures } from "./image-fixtures";
import { createOtaRig, otaUrl } from "./rig";

const prefix = fromHex(ImageFixtures.v120.prefixHex);

describe("device OTA: malformed input never crashes the module or activates a slot", () => {
  it("drops any otaurl text that is not a valid job, without a status", async () => {
    const rig = createOtaRig();
    const dev = rig.boot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.record({ ota_job_id: fc.oneof(fc.constant(""), fc.string({ minLength: 64, maxLength: 80 }), fc.integer()), url: fc.string() }).map((o) => JSON.stringify(o)),
        ),
        async (text) => {
          await dev.agent.onOtaUrl(text);
          assert.equal(dev.agent.state(), "idle");
        },
      ),
      { numRuns: 60 },
    );
    assert.deepEqual(rig.reports(), []);
    assert.equal(rig.requests.length, 0);
  });

  it("ends every job on a random body, a damaged prefix or random payload with a final status, and keeps the old image", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc.tuple(fc.integer({ min: 0, max: prefix.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
            const p = prefix.slice();
            p[at] = p[at]! ^ x;
            return concatBytes(p, new Uint8Array(ImageFixtures.v120.size));
          }),
          fc.uint8Array({ minLength: 1, maxLength: 14_000 }).map((payload) => concatBytes(prefix, payload)),
        ),
        async (body) => {
          const rig = createOtaRig();
          rig.serve("/img", body);
          const dev = rig.boot();
          await dev.agent.onOtaUrl(otaUrl("job", "/img"));
          const last = rig.lastReport();
          assert.ok(last && (last.status === "failed" || last.status === "rejected"), JSON.stringify(last));
          assert.equal(dev.ota.record().next, null);
          assert.equal(dev.agent.state(), "idle");
          assert.equal(rig.boot().version, "1.0.0");
        },
      ),
      { numRuns: 40 },
    );
  });
});

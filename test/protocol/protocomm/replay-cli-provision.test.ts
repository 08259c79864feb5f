import vector from "./vectors/cli-provision.json" with { type: "json" };
import { getTestCrypto } from "../../helpers/crypto-port";
import { createVectorReplay } from "./helpers/replay";
import type { ProvisioningVector } from "./helpers/vector-types";

describe("replay vectors/cli-provision.json through protocomm", () => {
  const v = vector as unknown as ProvisioningVector;
  const replay = createVectorReplay(v, getTestCrypto());
  for (const run of v.runs) {
    it(`run ${run.name}: every response byte-identical`, () => {
      replay.run(run);
    });
  }
});

import assert from "node:assert/strict";
import { decode } from "../../../firmware/protocol/protocomm/wire";
import { SessionData } from "../../../firmware/protocol/protocomm/schemas/index";
import { createSec2Client, type ClientMath, type SrpClientRun } from "../../../firmware/protocol/protocomm/client/index";
import { getTestCrypto } from "../../helpers/crypto-port";
import { portClientMath } from "./client-for";

describe("client security 2 [spec 6.6]", () => {
  it("re-rolls a until A has no leading zero byte, as esp_prov does", async () => {
    const crypto = getTestCrypto();
    const real = portClientMath(crypto);
    const runs: SrpClientRun[] = [];
    const math: ClientMath = {
      ...real,
      srpClient(u, p, a) {
        const run = real.srpClient(u, p, a);
        // first two draws: A with a leading zero; then a fixed non-zero first byte (the run stops before the maths matter)
        const shaped = { ...run, publicKey: Uint8Array.of(runs.length < 2 ? 0 : 1, ...run.publicKey.subarray(1)) };
        runs.push(shaped);
        return shaped;
      },
    };
    let sent: Uint8Array | undefined;
    const transport = {
      async send(_endpoint: string, body: Uint8Array): Promise<Uint8Array> {
        const r = decode(SessionData, body);
        assert.ok(r.ok);
        sent = r.value.sec2?.sc0?.client_pubkey;
        throw new Error("stop here");
      },
      close: async () => undefined,
    };
    const client = createSec2Client({ crypto, math, username: new Uint8Array([0x77]), password: new Uint8Array([0x31]) });
    await assert.rejects(client.establish(transport), /stop here/);
    assert.equal(runs.length, 3);
    assert.equal(sent?.length, 384);
    assert.notEqual(sent![0], 0);
    assert.deepEqual(sent, runs[2]!.publicKey);
  });

  it("refuses to encrypt before a session", () => {
    const crypto = getTestCrypto();
    const client = createSec2Client({ crypto, math: portClientMath(crypto), username: new Uint8Array([1]), password: new Uint8Array([1]) });
    assert.throws(() => client.encrypt(Uint8Array.of(1)), /no session/);
  });
});

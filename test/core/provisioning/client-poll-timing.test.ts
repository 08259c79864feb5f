import assert from "node:assert/strict";
import { fromHex, toHex } from "../../../firmware/protocol/bytes";
import { createRig } from "./rig";

// Bytes esp_prov (ESP-IDF release/v5.5) sent over security 0, from /work/shared/vectors/sec0.json run 1.
const Recorded = Object.freeze({
  session: ["5203a20100", "52050801aa0100"],
  setConfig: ["080262150a084d79486f6d6541501209736563726574313233", "08036a00"],
  applyConfig: ["0804", "08057a00"],
  getStatus: "5200",
  connected: "08015a265a240a0c3139322e3136382e312e353710031a084d79486f6d6541502206a4cf123456782806",
});

/** esp_prov sleeps TIME_PER_POLL = 5 s before each GetStatus; esp-rainmaker-cli `provision` sleeps 5 s too. */
const ClientPollMs = 5000;

describe("provisioning keeps serving until Espressif's clients have polled the result", () => {
  it("answers the recorded Connected reply to a GetStatus sent 5 s after ApplyConfig", async () => {
    const rig = createRig({ config: { security: 0 } });
    await rig.prov.start();
    const link = rig.transport();
    const send = async (endpoint: string, hex: string): Promise<string> => toHex(await link.send(endpoint, fromHex(hex)));
    assert.equal(await send("prov-session", Recorded.session[0]!), Recorded.session[1]);
    assert.equal(await send("prov-config", Recorded.setConfig[0]!), Recorded.setConfig[1]);
    assert.equal(await send("prov-config", Recorded.applyConfig[0]!), Recorded.applyConfig[1]);
    rig.clock.advance(ClientPollMs);
    await rig.settle();
    assert.equal(rig.prov.phase(), "running", "still provisioning when the first poll arrives");
    assert.equal(await send("prov-config", Recorded.getStatus), Recorded.connected);
    rig.clock.advance(ClientPollMs);
    await rig.settle();
    assert.equal(await send("prov-config", Recorded.getStatus), Recorded.connected, "a second poll still sees the result");
  });

  it("stops on its own 30 s after connecting, like the IDF manager's auto-stop, even past the window", async () => {
    const rig = createRig({ config: { security: 0, windowMs: 10_000 }, connectDelayMs: 1000 });
    await rig.prov.start();
    const link = rig.transport();
    await link.send("prov-session", fromHex(Recorded.session[0]!));
    await link.send("prov-config", fromHex(Recorded.setConfig[0]!));
    await link.send("prov-config", fromHex(Recorded.applyConfig[0]!));
    rig.clock.advance(1000 + 29_999);
    await rig.settle();
    assert.equal(rig.http.listening(), true);
    rig.clock.advance(1);
    await rig.settle();
    assert.deepEqual(await rig.prov.done(), { result: "provisioned", ssid: "MyHomeAP" });
    assert.equal(rig.http.listening(), false);
    await assert.rejects(link.send("prov-config", fromHex(Recorded.getStatus)), /not listening/);
  });
});

import assert from "node:assert/strict";
import { fromHex, toHex } from "../../../firmware/protocol/bytes";
import { createRig } from "./rig";

// esp_prov (ESP-IDF release/v5.5) plaintext, from /work/shared/vectors/scan.json run 1: it sends a
// blocking ScanStart, reads ScanStatus once, then asks for every result.
const Recorded = Object.freeze({
  session: "5203a20100",
  scanStartBlocking: "5206080118052078",
  scanStartReply: "08015a00",
  scanStatus: "0802",
  // the recorded entries of MyHomeAP and Cafe Guest (the rig's two networks), 35 bytes each
  entryMyHomeAp: "0a210a084d79486f6d654150100618d6ffffffffffffffff012206a4cf123456782803",
  entryCafeGuest: "0a210a0a43616665204775657374100118bdffffffffffffffff012206b0b98a1c2d3e",
});

describe("blocking ScanStart, as esp_prov sends it", () => {
  it("holds the ScanStart reply until the scan ended, so the single ScanStatus sees every network", async () => {
    const rig = createRig({ config: { security: 0 } });
    await rig.prov.start();
    const link = rig.transport();
    await link.send("prov-session", fromHex(Recorded.session));
    let answered = false;
    const start = link.send("prov-scan", fromHex(Recorded.scanStartBlocking)).then((b) => ((answered = true), toHex(b)));
    await rig.settle();
    rig.clock.advance(1999); // the rig's radio needs 2 s per scan
    await rig.settle();
    assert.equal(answered, false, "no reply while the scan runs");
    rig.clock.advance(1);
    assert.equal(await start, Recorded.scanStartReply);
    assert.equal(toHex(await link.send("prov-scan", fromHex(Recorded.scanStatus))), "08036a0408011002");
    const results = toHex(await link.send("prov-scan", fromHex("080472021002")));
    assert.equal(results, `08057a46${Recorded.entryMyHomeAp}${Recorded.entryCafeGuest}`);
  });

  it("answers a non-blocking ScanStart at once and reports the scan as running", async () => {
    const rig = createRig({ config: { security: 0 } });
    await rig.prov.start();
    const link = rig.transport();
    await link.send("prov-session", fromHex(Recorded.session));
    assert.equal(toHex(await link.send("prov-scan", fromHex("520418052078"))), Recorded.scanStartReply);
    assert.equal(toHex(await link.send("prov-scan", fromHex(Recorded.scanStatus))), "08036a00");
  });
});

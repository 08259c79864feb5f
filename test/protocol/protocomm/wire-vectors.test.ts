import assert from "node:assert/strict";
import { fromHex, toHex } from "../../../firmware/protocol/bytes";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { PROVISIONING_VECTORS } from "./helpers/all-vectors";
import { valueFromView, valueToView } from "./helpers/decoded-view";
import { schemaByName } from "./helpers/schema-registry";
import type { DecodedView } from "./helpers/vector-types";

interface Sample {
  where: string;
  view: DecodedView;
  hex: string;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const [file, v] of Object.entries(PROVISIONING_VECTORS)) {
    for (const run of v.runs) {
      for (const ex of run.exchanges) {
        for (const [side, m] of [["request", ex.request], ["response", ex.response]] as const) {
          if (!m) continue;
          if (m.decoded) out.push({ where: `${file} #${ex.seq} ${side}`, view: m.decoded, hex: m.body_hex });
          if (m.plaintext_decoded) {
            out.push({ where: `${file} #${ex.seq} ${side}`, view: m.plaintext_decoded, hex: m.plaintext_hex! });
          }
        }
      }
    }
  }
  return out;
}

describe("protobuf wire layer vs recorded decoded views", () => {
  const all = samples();

  it("covers every message type the vectors record", () => {
    const types = new Set(all.map((s) => s.view.type));
    for (const t of ["SessionData", "WiFiConfigPayload", "WiFiScanPayload", "WiFiCtrlPayload", "rainmaker.RMakerConfigPayload"]) {
      assert.ok(types.has(t), t);
    }
    assert.ok(all.length > 100);
  });

  it("encodes every decoded view to exactly the recorded bytes", () => {
    for (const s of all) {
      const schema = schemaByName(s.view.type);
      assert.equal(toHex(encode(schema, valueFromView(schema, s.view.fields))), s.hex, s.where);
    }
  });

  it("decodes every recorded body to exactly the decoded view", () => {
    for (const s of all) {
      const schema = schemaByName(s.view.type);
      const r = decode(schema, fromHex(s.hex));
      assert.ok(r.ok, s.where);
      assert.deepEqual(valueToView(schema, r.value as Record<string, unknown>), s.view.fields, s.where);
    }
  });
});

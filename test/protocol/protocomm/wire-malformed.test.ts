import assert from "node:assert/strict";
import fc from "fast-check";
import { fromHex, toHex } from "../../../firmware/protocol/bytes";
import { ProtoError } from "../../../firmware/protocol/protocomm/proto-error";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { SessionData, WiFiConfigPayload, WiFiScanPayload, WiFiScanResult } from "../../../firmware/protocol/protocomm/schemas/index";
import { ALL_MESSAGES } from "./helpers/schema-registry";

function errorCode(schema: Parameters<typeof decode>[0], hex: string): string {
  const r = decode(schema, fromHex(hex));
  assert.equal(r.ok, false, `expected ${hex} to be rejected`);
  return r.ok ? "" : r.error.code;
}

describe("protobuf wire layer: strict decoding and encoding rules", () => {
  it("writes a negative int32 as a 10-byte varint and reads it back", () => {
    const bytes = encode(WiFiScanResult, { rssi: -42 });
    assert.equal(toHex(bytes), "18d6ffffffffffffffff01");
    const r = decode(WiFiScanResult, bytes);
    assert.ok(r.ok);
    assert.equal(r.value.rssi, -42);
  });

  it("keeps oneof members at their default and drops plain defaults", () => {
    assert.equal(toHex(encode(WiFiConfigPayload, { msg: 3, resp_set_config: {} })), "08036a00");
    assert.equal(
      toHex(encode(WiFiConfigPayload, { msg: 1, resp_get_status: { status: 0, sta_state: 3, fail_reason: 0 } })),
      "08015a0410035000",
    );
    assert.equal(toHex(encode(WiFiConfigPayload, { msg: 0 })), "");
  });

  it("rejects truncated input", () => {
    assert.equal(errorCode(WiFiConfigPayload, "08"), "truncated");
    assert.equal(errorCode(WiFiConfigPayload, "0880"), "truncated");
    assert.equal(errorCode(WiFiConfigPayload, "6a"), "truncated");
  });

  it("rejects a length that runs past the end", () => {
    assert.equal(errorCode(WiFiConfigPayload, "6205"), "length-out-of-range");
    assert.equal(errorCode(WiFiConfigPayload, "62050a0a4d79"), "length-out-of-range");
    assert.equal(errorCode(SessionData, "5affffffff0f"), "length-out-of-range");
  });

  it("rejects a varint longer than 64 bits", () => {
    assert.equal(errorCode(WiFiConfigPayload, "08ffffffffffffffffff7f"), "varint-overflow");
    assert.equal(errorCode(WiFiConfigPayload, "0880808080808080808002"), "varint-overflow");
    assert.equal(errorCode(WiFiConfigPayload, "0880808080808080808080"), "varint-overflow");
  });

  it("rejects a known field with the wrong wire type", () => {
    assert.equal(errorCode(WiFiConfigPayload, "0a0101"), "bad-wire-type");
    assert.equal(errorCode(WiFiConfigPayload, "6001"), "bad-wire-type");
  });

  it("rejects field number 0 and group wire types", () => {
    assert.equal(errorCode(WiFiConfigPayload, "0001"), "bad-field-number");
    assert.equal(errorCode(WiFiConfigPayload, "3b"), "bad-wire-type");
  });

  it("skips unknown fields of every wire type", () => {
    const r = decode(WiFiScanPayload, fromHex("08039801051a0201021d0102030421010203040506070808035a00"));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { msg: 3, resp_scan_start: {} });
  });

  it("keeps the last oneof member when several arrive", () => {
    const r = decode(WiFiConfigPayload, fromHex("6a00" + "7a00"));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { resp_apply_config: {} });
  });

  it("refuses to encode values the schema does not allow", () => {
    assert.throws(() => encode(WiFiConfigPayload, { resp_set_config: {}, resp_apply_config: {} }), ProtoError);
    assert.throws(() => encode(WiFiScanResult, { rssi: 2 ** 31 }), ProtoError);
    assert.throws(() => encode(WiFiScanResult, { channel: -1 }), ProtoError);
    assert.throws(() => encode(WiFiScanResult, { ssid: "x" as unknown as Uint8Array }), ProtoError);
  });

  it("never throws on random bytes, for every schema", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_MESSAGES), fc.uint8Array({ maxLength: 64 }), ({ schema }, bytes) => {
        const r = decode(schema, bytes);
        if (!r.ok) assert.ok(r.error instanceof ProtoError && r.error.message.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});

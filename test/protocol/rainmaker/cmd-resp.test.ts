import assert from "node:assert/strict";
import fc from "fast-check";
import { utf8Decode, utf8Encode } from "../../../firmware/protocol/bytes";
import {
  CmdId, CmdRole, CmdStatus, CmdTlv, decodeCmdRequest, decodeCmdResponse, decodeSetParamsCommand, decodeTlv, encodeCmdRequest,
  encodeCmdResponse, encodeSetParamsResponse, encodeTlv, mayRunSetParams,
} from "../../../firmware/protocol/rainmaker/cmd-resp";
import { specNode } from "./fixtures/nodes";

describe("protocol/rainmaker/cmd-resp", () => {
  it("encodes a request with little-endian command and timestamp", () => {
    const bytes = encodeCmdRequest({ requestId: "r1", role: CmdRole.Primary, cmd: 0x1001, timestamp: 0x01020304, data: utf8Encode("{}") });
    assert.deepEqual([...bytes], [1, 2, 0x72, 0x31, 2, 1, 2, 4, 4, 4, 3, 2, 1, 5, 2, 0x01, 0x10, 6, 2, 0x7b, 0x7d]);
    const r = decodeCmdRequest(bytes);
    assert.ok(r.ok);
    assert.equal(r.value.cmd, 0x1001);
    assert.equal(r.value.timestamp, 0x01020304);
    assert.equal(utf8Decode(r.value.data!), "{}");
  });

  it("splits values over 255 bytes and joins them back", () => {
    const data = new Uint8Array(600).map((_, i) => i & 0xff);
    const bytes = encodeTlv([{ type: CmdTlv.Data, value: data }, { type: CmdTlv.Status, value: new Uint8Array([0]) }]);
    assert.deepEqual([bytes[0], bytes[1], bytes[257], bytes[258], bytes[514], bytes[515]], [6, 255, 6, 255, 6, 90]);
    const t = decodeTlv(bytes);
    assert.ok(t.ok);
    assert.deepEqual(t.value.map((x) => [x.type, x.value.length]), [[6, 600], [3, 1]]);
    assert.deepEqual([...t.value[0]!.value], [...data]);
    const exact = decodeTlv(encodeTlv([{ type: 6, value: new Uint8Array(255) }, { type: 6, value: new Uint8Array(1) }]));
    assert.ok(exact.ok && exact.value.length === 1 && exact.value[0]!.value.length === 256);
    const separate = decodeTlv(new Uint8Array([6, 1, 9, 6, 1, 8]));
    assert.ok(separate.ok && separate.value.length === 2);
    assert.deepEqual([...encodeTlv([{ type: 6, value: new Uint8Array(0) }])], [6, 0]);
  });

  it("round-trips any TLV list whose values end on a short chunk", () => {
    const item = fc.record({ type: fc.integer({ min: 0, max: 255 }), value: fc.uint8Array({ maxLength: 700 }) });
    fc.assert(fc.property(fc.array(item, { maxLength: 5 }), (items) => {
      // Adjacent same-type items after a 255*k-byte value would merge by design; keep them apart.
      for (let i = 1; i < items.length; i++) if (items[i]!.type === items[i - 1]!.type) items[i]!.type = (items[i]!.type + 1) & 0xff;
      const t = decodeTlv(encodeTlv(items));
      assert.ok(t.ok);
      assert.deepEqual(t.value.map((x) => [x.type, [...x.value]]), items.map((x) => [x.type, [...x.value]]));
    }), { numRuns: 100 });
  });

  it("encodes and decodes responses", () => {
    const bytes = encodeCmdResponse({ requestId: "abc", status: CmdStatus.Success, cmd: CmdId.SetParams, data: encodeSetParamsResponse(true, '{"Light":{"Power":true}}') });
    const r = decodeCmdResponse(bytes);
    assert.ok(r.ok);
    assert.equal(r.value.requestId, "abc");
    assert.equal(utf8Decode(r.value.data!), '{"status":"success","params":{"Light":{"Power":true}}}');
    assert.throws(() => encodeCmdResponse({ requestId: "", status: 0, cmd: 1 }), RangeError);
    assert.throws(() => encodeCmdResponse({ requestId: "x".repeat(32), status: 0, cmd: 1 }), RangeError);
  });

  it("rejects malformed requests", () => {
    const cases: [number[], RegExp][] = [
      [[1], /truncated/],
      [[1, 5, 65], /needs 5 bytes/],
      [[2, 1, 2, 5, 2, 1, 0], /request id/],
      [[1, 1, 65, 5, 2, 1, 0], /user role/],
      [[1, 1, 65, 2, 1, 2, 5, 1, 1], /command must be 2 bytes/],
      [[1, 1, 65, 2, 1, 2, 5, 2, 0, 0], /command 0/],
      [[1, 1, 65, 1, 1, 66, 2, 1, 2, 5, 2, 1, 0], /repeated/],
      [[1, 1, 65, 2, 1, 2, 4, 2, 1, 1, 5, 2, 1, 0], /timestamp/],
      [[1, 32, ...new Array(32).fill(65), 2, 1, 2, 5, 2, 1, 0], /longer than 31/],
    ];
    for (const [bytes, re] of cases) {
      const r = decodeCmdRequest(new Uint8Array(bytes));
      assert.ok(!r.ok, String(bytes));
      if (!r.ok) assert.match(r.error, re);
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      decodeCmdRequest(b);
      decodeCmdResponse(b);
    }));
  });

  it("checks set-params roles", () => {
    assert.ok(mayRunSetParams(CmdRole.SuperAdmin));
    assert.ok(mayRunSetParams(CmdRole.Secondary | 0x30));
    assert.ok(!mayRunSetParams(CmdRole.Node));
    assert.ok(!mayRunSetParams(0));
  });

  it("decodes the set params command data with the remote-set rules", () => {
    const r = decodeSetParamsCommand(utf8Encode('{"params":{"Light":{"Power":false,"Brightness":60.0}},"x":1}'), specNode());
    assert.equal(r.error, undefined);
    assert.equal(JSON.stringify(r.accepted), '{"Light":{"Power":false}}');
    assert.equal(r.rejected[0]!.param, "Brightness");
    assert.match(decodeSetParamsCommand(utf8Encode('{"x":{}}'), specNode()).error ?? "", /no "params"/);
    assert.match(decodeSetParamsCommand(utf8Encode('{"params":[]}'), specNode()).error ?? "", /must be an object/);
    assert.match(decodeSetParamsCommand(new Uint8Array([0xff]), specNode()).error ?? "", /not valid/);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { decodeSetParamsCommand(b, specNode()); }));
  });
});

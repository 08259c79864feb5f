import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import protobuf from "protobufjs";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { bool, bytes, defineMessage, int32, messageField, repeated, string, uint32 } from "../../../firmware/protocol/protocomm/schema";
import { ALL_MESSAGES } from "./helpers/schema-registry";
import { bytesToHex, messageArbitrary, proto3Normalize } from "./helpers/schema-arbitrary";

const PROTO_DIR = fileURLToPath(new URL("../../../firmware/protocol/proto/", import.meta.url));

function loadOracle(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target.replace(/^.*\//, ""));
  root.loadSync(readdirSync(PROTO_DIR).filter((f) => f.endsWith(".proto")), { keepCase: true });
  return root;
}

describe("protobuf wire layer vs protobufjs oracle (our .proto files)", () => {
  const root = loadOracle();

  it("defines every message of the .proto files and the same field numbers and kinds", () => {
    for (const { fullName, schema } of ALL_MESSAGES) {
      const t = root.lookupType(fullName);
      const theirs = t.fieldsArray.map((f) => `${f.id}:${f.name}:${f.repeated ? "rep " : ""}${f.partOf ? "oneof " : ""}`);
      const ours = schema.fields.map((f) => `${f.no}:${f.name}:${f.repeated ? "rep " : ""}${f.oneof ? "oneof " : ""}`);
      assert.deepEqual([...ours].sort(), [...theirs].sort(), fullName);
    }
  });

  for (const { fullName, schema } of ALL_MESSAGES) {
    it(`${fullName}: random messages encode to identical bytes and decode each other's output`, () => {
      const T = root.lookupType(fullName);
      fc.assert(
        fc.property(messageArbitrary(schema), (value) => {
          const expected = proto3Normalize(schema, value);
          const ours = encode(schema, value);
          const theirs = T.encode(T.fromObject(expected)).finish();
          assert.equal(bytesToHex(ours), bytesToHex(theirs));
          const back = decode(schema, theirs);
          assert.ok(back.ok);
          assert.deepEqual(bytesToHex(back.value), bytesToHex(expected));
          const oracleView = T.toObject(T.decode(ours), { defaults: false, enums: Number });
          assert.deepEqual(bytesToHex(oracleView), bytesToHex(expected));
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe("protobuf wire layer vs protobufjs: kinds the provisioning schemas do not use", () => {
  const Inner = defineMessage("Inner", { s: string(1) });
  const Mixed = defineMessage("Mixed", {
    ints: repeated(int32(1)),
    uints: repeated(uint32(2)),
    flags: repeated(bool(3)),
    blobs: repeated(bytes(4)),
    inner: messageField(5, Inner),
    big: uint32(536870911),
  });
  const T = protobuf
    .parse(
      `syntax = "proto3"; message Inner { string s = 1; }
       message Mixed { repeated int32 ints = 1; repeated uint32 uints = 2; repeated bool flags = 3;
         repeated bytes blobs = 4; Inner inner = 5; uint32 big = 536870911; }`,
      { keepCase: true },
    )
    .root.lookupType("Mixed");

  it("packs repeated scalars like protobufjs and reads both packed and unpacked forms", () => {
    fc.assert(
      fc.property(messageArbitrary(Mixed), (value) => {
        const expected = proto3Normalize(Mixed, value);
        const ours = encode(Mixed, value);
        assert.equal(bytesToHex(ours), bytesToHex(T.encode(T.fromObject(expected)).finish()));
        const back = decode(Mixed, ours);
        assert.ok(back.ok);
        assert.deepEqual(bytesToHex(back.value), bytesToHex(expected));
      }),
      { numRuns: 100 },
    );
    const unpacked = decode(Mixed, Uint8Array.of(0x08, 0x7f, 0x08, 0x01, 0x0a, 0x01, 0x02));
    assert.ok(unpacked.ok);
    assert.deepEqual(unpacked.value.ints, [127, 1, 2]);
  });
});

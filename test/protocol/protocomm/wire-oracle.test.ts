import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import protobuf from "protobufjs";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
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

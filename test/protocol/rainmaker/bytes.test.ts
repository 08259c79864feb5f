import assert from "node:assert/strict";
import fc from "fast-check";
import { anyString } from "./fixtures/arbitraries";
import { bytesEqual, concatBytes, fromHex, toHex, utf8Decode, utf8Encode, utf8Length } from "../../../firmware/protocol/bytes";

// Node's TextEncoder/TextDecoder follow the WHATWG Encoding standard and serve as oracles. XS 13 has its own
// TextDecoder that does not replace truncated sequences the WHATWG way, so the oracle test runs on Node only.
const g = globalThis as {
  TextEncoder?: new () => { encode(s: string): Uint8Array };
  TextDecoder?: new () => { decode(b: Uint8Array): string };
  process?: { versions?: { node?: string } };
};

describe("protocol/bytes", () => {
  it("encodes ASCII, 2-, 3- and 4-byte sequences", () => {
    assert.deepEqual([...utf8Encode("A\u00e9\u20ac\u{1F600}")], [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it("encodes a lone surrogate as U+FFFD", () => {
    assert.deepEqual([...utf8Encode("\ud800x")], [0xef, 0xbf, 0xbd, 0x78]);
    assert.equal(utf8Length("\ud800x"), 4);
  });

  it("replaces invalid UTF-8 with U+FFFD instead of throwing", () => {
    assert.equal(utf8Decode(new Uint8Array([0x61, 0xff, 0x62])), "a\ufffdb");
    assert.equal(utf8Decode(new Uint8Array([0xc0, 0x80])), "\ufffd\ufffd");
    assert.equal(utf8Decode(new Uint8Array([0xed, 0xa0, 0x80])), "\ufffd\ufffd\ufffd");
    assert.equal(utf8Decode(new Uint8Array([0xe2, 0x82])), "\ufffd");
  });

  it("round-trips any string that is well-formed UTF-16", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => {
      assert.equal(utf8Decode(utf8Encode(s)), s);
      assert.equal(utf8Encode(s).length, utf8Length(s));
    }));
  });

  it("matches the WHATWG TextEncoder/TextDecoder of Node", function () {
    if (!g.TextEncoder || !g.TextDecoder || typeof g.process?.versions?.node !== "string") this.skip();
    const enc = new g.TextEncoder!();
    const dec = new g.TextDecoder!();
    fc.assert(fc.property(anyString(), (s) => {
      assert.ok(bytesEqual(utf8Encode(s), enc.encode(s)));
    }));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      assert.equal(utf8Decode(b), dec.decode(b));
    }));
  });

  it("hex round-trips and honours case", () => {
    assert.equal(toHex(new Uint8Array([0x0a, 0xbc])), "0abc");
    assert.equal(toHex(new Uint8Array([0x0a, 0xbc]), true), "0ABC");
    assert.deepEqual([...fromHex("0aBc")], [0x0a, 0xbc]);
    fc.assert(fc.property(fc.uint8Array(), (b) => bytesEqual(fromHex(toHex(b)), b)));
  });

  it("fromHex rejects odd length and non-hex characters", () => {
    assert.throws(() => fromHex("abc"), RangeError);
    assert.throws(() => fromHex("zz"), RangeError);
    assert.throws(() => fromHex("0 "), RangeError);
  });

  it("concatenates and compares", () => {
    const c = concatBytes(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]));
    assert.deepEqual([...c], [1, 2, 3]);
    assert.ok(bytesEqual(c, new Uint8Array([1, 2, 3])));
    assert.ok(!bytesEqual(c, new Uint8Array([1, 2, 4])));
    assert.ok(!bytesEqual(c, new Uint8Array([1, 2])));
  });
});

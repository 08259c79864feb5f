import assert from "node:assert/strict";
import fc from "fast-check";
import * as asn1js from "asn1js";
import { derInteger, derOid, derSequence, derOctetString, derUtf8String } from "../../../firmware/protocol/der/writer";
import { readElement, readChildren, DerError } from "../../../firmware/protocol/der/reader";

const bytesOf = (ab: ArrayBuffer): Uint8Array => new Uint8Array(ab);

describe("DER writer against asn1js", () => {
  it("encodes any bigint INTEGER like asn1js", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 2100n), max: 1n << 2100n }), (n) => {
      const ours = derInteger(n);
      assert.deepEqual(ours, bytesOf(asn1js.Integer.fromBigInt(n).toBER()));
      const back = asn1js.fromBER(ours.slice().buffer);
      assert.equal(back.offset, ours.length);
      assert.equal((back.result as asn1js.Integer).toBigInt(), n);
    }), { numRuns: 300 });
  });

  it("encodes OIDs, strings and nested sequences like asn1js", () => {
    fc.assert(fc.property(
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.nat({ max: 2 ** 31 }), { maxLength: 6 })),
      fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 400 }),
      ([a, b, rest], text, octets) => {
        const oid = [a, b, ...rest].join(".");
        const ours = derSequence(derOid(oid), derUtf8String(text), derOctetString(octets));
        const theirs = new asn1js.Sequence({ value: [
          new asn1js.ObjectIdentifier({ value: oid }),
          new asn1js.Utf8String({ value: text }),
          new asn1js.OctetString({ valueHex: octets.slice().buffer }),
        ] }).toBER();
        assert.deepEqual(ours, bytesOf(theirs));
      },
    ), { numRuns: 200 });
  });
});

describe("DER reader", () => {
  it("round-trips what the writer wrote", () => {
    const seq = derSequence(derInteger(5n), derOctetString(new Uint8Array(300)));
    const top = readElement(seq, 0);
    assert.equal(top.end, seq.length);
    const [i, o] = readChildren(seq, top);
    assert.equal(i.tag, 2);
    assert.equal(o.end - o.start, 300);
  });

  it("never throws anything but DerError on random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        const el = readElement(bytes, 0);
        if (el.tag & 0x20) readChildren(bytes, el);
      } catch (error) {
        assert.ok(error instanceof DerError, String(error));
      }
    }), { numRuns: 2000 });
  });

  it("refuses indefinite and non-minimal lengths and truncation", () => {
    assert.throws(() => readElement(Uint8Array.of(0x30, 0x80, 0, 0), 0), DerError);
    assert.throws(() => readElement(Uint8Array.of(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), 0), /non-minimal/);
    assert.throws(() => readElement(Uint8Array.of(0x04, 0x05, 1), 0), /past the end/);
  });
});

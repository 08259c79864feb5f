import assert from "node:assert/strict";
import fc from "fast-check";
import * as asn1js from "asn1js";
import { derInteger, derOid, derSequence, derOctetString, derUtf8String } from "../../../firmware/protocol/der/writer";
import { readElement, readChildren, DerError } from "../../../firmware/protocol/der/reader";

const bytesOf = (ab: ArrayBuffer): Uint8Array => new Uint8Array(ab);

describe("DER writer against asn1js", () => {
  /** The INTEGER's content is the shortest two's complement (X.690 8.3.2). */
  function isMinimalInteger(der: Uint8Array): boolean {
    const element = readElement(der, 0);
    if (element.end - element.start < 2) return true;
    const [first, second] = [der[element.start]!, der[element.start + 1]!];
    return !(first === 0x00 && second < 0x80) && !(first === 0xff && second >= 0x80);
  }

  /**
   * asn1js reads our bytes back as `n`, they are minimal, and they equal asn1js's own encoding whenever
   * that one is right: asn1js's encoder gets some negative numbers wrong (too short, or one byte too long).
   */
  function assertIntegerLikeAsn1js(n: bigint): void {
    const ours = derInteger(n);
    const back = asn1js.fromBER(ours.slice().buffer);
    assert.equal(back.offset, ours.length);
    assert.equal((back.result as asn1js.Integer).toBigInt(), n);
    assert.ok(isMinimalInteger(ours), "minimal two's complement");
    const theirs = bytesOf(asn1js.Integer.fromBigInt(n).toBER());
    const theirsBack = (asn1js.fromBER(theirs.slice().buffer).result as asn1js.Integer).toBigInt();
    if (theirsBack === n && isMinimalInteger(theirs)) assert.deepEqual(ours, theirs);
  }

  it("encodes any bigint INTEGER like asn1js", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 2100n), max: 1n << 2100n }), assertIntegerLikeAsn1js), { numRuns: 300 });
  });

  it("encodes the negative numbers asn1js's encoder gets wrong minimally and exactly", () => {
    const cases: Array<[bigint, string]> = [
      [-(1n << 2095n) + (1n << 2088n) - 1n - 0x1234n, "0282010680ff"],
      [-(1n << 2095n) + 0x1234n, "028201068000"],
      [-(1n << 23n) + (1n << 16n) - 5n, "020380fffb"],
      [-(1n << 2095n), "028201068000"],
    ];
    for (const [n, head] of cases) {
      assertIntegerLikeAsn1js(n);
      assert.equal(Buffer.from(derInteger(n).subarray(0, head.length / 2)).toString("hex"), head);
    }
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

/** Strict DER parsing of P-256 signatures before they reach the SDK's lenient BER reader; node:crypto is the oracle. */
import assert from "node:assert/strict";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import fc from "fast-check";
import { p256SignatureFromDer } from "../../firmware/platform/moddable/ecdsa-der";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });

describe("p256SignatureFromDer", () => {
  it("turns node's DER signatures into r||s that node verifies as IEEE P1363", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        const der = sign("sha256", data, privateKey);
        const raw = p256SignatureFromDer(new Uint8Array(der));
        assert.ok(raw);
        assert.equal(raw.length, 64);
        return verify("sha256", data, { key: publicKey, dsaEncoding: "ieee-p1363" }, raw);
      }),
      { numRuns: 50 },
    );
  });

  it("never throws on arbitrary bytes and returns 64 bytes or undefined", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const out = p256SignatureFromDer(bytes);
        return out === undefined || out.length === 64;
      }),
    );
  });

  it("rejects truncated, extended and re-tagged encodings", () => {
    const der = new Uint8Array(sign("sha256", Buffer.from("x"), privateKey));
    assert.equal(p256SignatureFromDer(der.subarray(0, der.length - 1)), undefined);
    assert.equal(p256SignatureFromDer(Uint8Array.from([...der, 0])), undefined);
    const retagged = Uint8Array.from(der);
    retagged[0] = 0x31;
    assert.equal(p256SignatureFromDer(retagged), undefined);
  });

  it("rejects r or s of zero, negative or not below the group order", () => {
    const seq = (r: number[], s: number[]): Uint8Array => Uint8Array.from([0x30, r.length + s.length + 4, 0x02, r.length, ...r, 0x02, s.length, ...s]);
    assert.equal(p256SignatureFromDer(seq([0], [1])), undefined);
    assert.equal(p256SignatureFromDer(seq([0x80], [1])), undefined);
    const order = [0x00, ...Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex")];
    assert.equal(p256SignatureFromDer(seq(order, [1])), undefined);
    assert.ok(p256SignatureFromDer(seq([1], [1])));
  });
});

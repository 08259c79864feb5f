import assert from "node:assert/strict";
import fc from "fast-check";
import { readCertificate } from "../../../firmware/protocol/der/certificate";
import { DerError } from "../../../firmware/protocol/der/reader";
import { derInteger, derUnsignedInteger, derOid } from "../../../firmware/protocol/der/writer";
import { bigIntToBytes } from "../../../firmware/crypto/bigint-bytes";
import { fakeCertificate } from "../../core/claiming/fake-certificate";

const NOT_AFTER = Date.UTC(2030, 5, 15, 8, 30, 0);

describe("der/certificate reader on malformed input (runs on XS too)", () => {
  it("reads a well-formed certificate", () => {
    const fields = readCertificate(fakeCertificate("A1B2C3D4E5F6", NOT_AFTER));
    assert.equal(fields.commonName, "A1B2C3D4E5F6");
    assert.equal(fields.notAfter, NOT_AFTER);
  });

  it("any single-byte change or truncation gives a result or a DerError, never another exception", () => {
    const cert = fakeCertificate("A1B2C3D4E5F6", NOT_AFTER);
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (pos, value, truncate) => {
      const bad = truncate ? cert.slice(0, pos % cert.length) : cert.slice();
      if (!truncate) bad[pos % bad.length] = value;
      try {
        const fields = readCertificate(bad);
        assert.equal(typeof fields.notAfter, "number");
      } catch (error) {
        assert.ok(error instanceof DerError, String(error));
      }
    }), { numRuns: 1000 });
  });

  it("INTEGER from unsigned bytes equals INTEGER from the bigint", () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 2100n) }), (n) => {
      assert.deepEqual(derUnsignedInteger(bigIntToBytes(n)), derInteger(n));
    }), { numRuns: 200 });
  });

  it("refuses malformed OIDs", () => {
    for (const bad of ["", "3.1", "1", "1.40", "1.2.", "a.b"]) assert.throws(() => derOid(bad), RangeError, bad);
  });
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { FactoryCsvHeader, formatFactoryCsv, generateFactoryBatch, parseFactoryCsv } from "../../../cloud-stub/store/factory-batch";

describe("cloud-stub factory batch files", () => {
  it("generates unique locally-administered unicast MACs, 16-byte secrets and 8-hex PoPs", () => {
    const batch = generateFactoryBatch(200);
    assert.equal(new Set(batch.map((d) => d.mac)).size, 200);
    for (const d of batch) {
      assert.match(d.mac, /^[0-9A-F]{12}$/);
      assert.equal(parseInt(d.mac.slice(0, 2), 16) & 0x03, 0x02);
      assert.match(d.secretHex, /^[0-9a-f]{32}$/);
      assert.match(d.pop, /^[0-9a-f]{8}$/);
    }
  });

  it("round-trips generated batches through the CSV format (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), (n) => {
        const batch = generateFactoryBatch(n);
        const text = formatFactoryCsv(batch);
        assert.ok(text.startsWith(FactoryCsvHeader + "\n"));
        assert.deepEqual(parseFactoryCsv(text), { devices: batch, errors: [] });
      }),
      { numRuns: 20 },
    );
  });

  it("accepts colons, lower case, comments, blank lines and CRLF; normalises MACs", () => {
    const text = "# batch 7\r\n\r\naa:bb:cc:dd:ee:01, 00112233445566778899AABBCCDDEEFF , pop1\r\n";
    assert.deepEqual(parseFactoryCsv(text), {
      devices: [{ mac: "AABBCCDDEE01", secretHex: "00112233445566778899aabbccddeeff", pop: "pop1" }],
      errors: [],
    });
  });

  it("reports every bad line with its number", () => {
    const text = [
      FactoryCsvHeader,
      "AABBCCDDEE01,00112233445566778899aabbccddeeff,p1",
      "AABBCCDDEE0G,00112233445566778899aabbccddeeff,p2",
      "AABBCCDDEE02,0011,p3",
      "AABBCCDDEE03,00112233445566778899aabbccddeeff",
      "aabbccddee01,00112233445566778899aabbccddeeff,p5",
      "AABBCCDDEE04,00112233445566778899aabbccddeeff,has space",
    ].join("\n");
    const r = parseFactoryCsv(text);
    assert.deepEqual(r.errors.map((e) => e.line), [3, 4, 5, 6, 7]);
    assert.match(r.errors[3]!.message, /already on line 2/);
    assert.equal(r.devices.length, 1);
  });

  it("never throws on arbitrary text and only returns well-formed devices (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const r = parseFactoryCsv(text);
        for (const d of r.devices) {
          assert.match(d.mac, /^[0-9A-F]{12}$/);
          assert.match(d.secretHex, /^[0-9a-f]{32}$/);
        }
      }),
    );
  });

  it("refuses impossible counts", () => {
    assert.throws(() => generateFactoryBatch(0), RangeError);
    assert.throws(() => generateFactoryBatch(1.5), RangeError);
  });
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes, utf8Decode, utf8Encode } from "../../../firmware/protocol/bytes";
import type { ImageManifest } from "../../../firmware/protocol/ota-image/index";
import { createPrefixReader, decodeImagePrefix, decodeManifest, encodeImage, encodeImagePrefix, encodeManifest, ImageFormat, readHeader } from "../../../firmware/protocol/ota-image/index";

const text = (max: number) => fc.string({ minLength: 1, maxLength: max });
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""));
const manifestArb: fc.Arbitrary<ImageManifest> = fc
  .record({
    project: text(31),
    version: text(31),
    size: fc.integer({ min: 1, max: 0xffffffff }),
    sha256: hex64,
    secureVersion: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
    minVersion: fc.option(text(31), { nil: undefined }),
  })
  .map((m) => {
    const out: ImageManifest = { project: m.project, version: m.version, size: m.size, sha256: m.sha256 };
    if (m.secureVersion !== undefined) out.secureVersion = m.secureVersion;
    if (m.minVersion !== undefined) out.minVersion = m.minVersion;
    return out;
  });
const signatureArb = fc.uint8Array({ minLength: ImageFormat.signatureMinBytes, maxLength: ImageFormat.signatureMaxBytes });

const base: ImageManifest = { project: "p", version: "1.0.0", size: 4, sha256: "ab".repeat(32) };

describe("OTA image format", () => {
  it("round-trips any valid manifest through encode/decode", () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        const decoded = decodeManifest(encodeManifest(m));
        assert.ok(decoded.ok, decoded.ok ? "" : decoded.error);
        assert.deepEqual(decoded.value, m);
      }),
    );
  });

  it("encodes the same manifest to the same bytes (what is signed is stable)", () => {
    assert.equal(
      utf8Decode(encodeManifest({ ...base, secureVersion: 2 })),
      `{"format":1,"project":"p","version":"1.0.0","size":4,"sha256":"${"ab".repeat(32)}","secure_version":2}`,
    );
  });

  it("refuses invalid manifests on encode and decode with a reason", () => {
    assert.throws(() => encodeManifest({ ...base, project: "x".repeat(32) }), /project must be 1\.\.31/);
    assert.throws(() => encodeManifest({ ...base, sha256: "AB".repeat(32) }), /sha256/);
    assert.throws(() => encodeManifest({ ...base, size: 0 }), /size/);
    const bad = (json: string) => decodeManifest(utf8Encode(json));
    const cases: [string, RegExp][] = [
      ['{"format":2,"project":"p","version":"1","size":1,"sha256":"' + "0".repeat(64) + '"}', /format/],
      ['{"format":1,"version":"1","size":1,"sha256":"' + "0".repeat(64) + '"}', /missing "project"/],
      ['{"format":1,"project":"p","version":"1","size":1.5,"sha256":"' + "0".repeat(64) + '"}', /size/],
      ['{"format":1,"project":"p","version":"1","size":1,"sha256":"00"}', /sha256/],
      ["[1,2]", /must be a JSON object/],
      ["{", /not valid JSON/],
    ];
    for (const [json, reason] of cases) {
      const d = bad(json);
      assert.equal(d.ok, false, json);
      assert.match(d.ok ? "" : d.error, reason);
    }
    assert.equal(decodeManifest(new Uint8Array([0xc3, 0x28])).ok, false);
  });

  it("never throws on arbitrary bytes, as a manifest or as an image prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.equal(typeof decodeManifest(bytes).ok, "boolean");
        assert.equal(typeof decodeImagePrefix(bytes).ok, "boolean");
        const step = createPrefixReader().push(bytes);
        assert.ok(["more", "error", "done"].includes(step.kind));
      }),
    );
  });

  it("reads the prefix the same way however the stream is chunked, and hands back the payload start", () => {
    fc.assert(
      fc.property(manifestArb, signatureArb, fc.uint8Array({ maxLength: 64 }), fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 40 }), (m, sig, payloadStart, cuts) => {
        const manifestBytes = encodeManifest(m);
        const prefix = encodeImagePrefix(manifestBytes, sig);
        const stream = concatBytes(prefix, payloadStart);
        const reader = createPrefixReader();
        let offset = 0;
        let result;
        for (let i = 0; offset < stream.length && !result; i++) {
          const n = cuts[i % cuts.length]!;
          const step = reader.push(stream.subarray(offset, offset + n));
          offset += n;
          if (step.kind === "error") assert.fail(step.error);
          if (step.kind === "done") result = { step, offset };
        }
        assert.ok(result, "prefix complete");
        assert.deepEqual(result.step.prefix.manifest, m);
        assert.deepEqual(result.step.prefix.signature, sig);
        assert.equal(result.step.prefix.length, prefix.length);
        assert.deepEqual(concatBytes(result.step.rest, stream.subarray(result.offset)), payloadStart);
      }),
    );
  });

  it("rejects bad headers: magic, format version, reserved bytes, lengths", () => {
    const good = encodeImagePrefix(encodeManifest(base), new Uint8Array(70).fill(1));
    const patched = (at: number, value: number) => {
      const b = good.slice();
      b[at] = value;
      return b;
    };
    const errorOf = (b: Uint8Array) => {
      const r = readHeader(b);
      return r.ok ? "" : r.error;
    };
    assert.ok(readHeader(good).ok);
    assert.match(errorOf(patched(0, 0x59)), /bad magic/);
    assert.match(errorOf(patched(4, 2)), /unsupported format version 2/);
    assert.match(errorOf(patched(11, 1)), /reserved/);
    assert.match(errorOf(patched(6, 0xff)), /manifest length/);
    assert.match(errorOf(patched(9, 2)), /signature length 2/);
    assert.match(errorOf(good.subarray(0, 11)), /truncated/);
    assert.match((decodeImagePrefix(good.subarray(0, good.length - 1)) as { error: string }).error, /prefix truncated/);
  });

  it("builds a whole image only when the payload matches the manifest size", () => {
    const payload = new Uint8Array([1, 2, 3, 4]);
    const image = encodeImage(base, () => new Uint8Array(8).fill(9), payload);
    const decoded = decodeImagePrefix(image);
    assert.ok(decoded.ok);
    assert.deepEqual(image.subarray(decoded.value.length), payload);
    assert.throws(() => encodeImage(base, () => new Uint8Array(8), new Uint8Array(5)), /payload is 5 bytes, manifest says 4/);
  });
});

import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import type { LogLevel } from "../../firmware/ports/log";
import { otaConfigFrom, parseOtaPublicKey } from "../../firmware/platform/moddable/ota-public-key";

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const point = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((xy) => new Uint8Array([4, ...xy]));

function nodeKeyHex(): string {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  return `04${Buffer.from(jwk.x!, "base64url").toString("hex")}${Buffer.from(jwk.y!, "base64url").toString("hex")}`;
}

function recorder(): { lines: string[]; log: { log(level: LogLevel, tag: string, message: string): void } } {
  const lines: string[] = [];
  return { lines, log: { log: (level, tag, message) => lines.push(`${level} ${tag}: ${message}`) } };
}

describe("platform/moddable parseOtaPublicKey (manifest config.ota.publicKey)", () => {
  it("reads a P-256 public key exported by node:crypto", () => {
    const hex = nodeKeyHex();
    const key = parseOtaPublicKey(hex);
    assert.equal(key.length, 65);
    assert.equal(hexOf(key), hex);
  });

  it("round-trips any 65-byte 0x04-prefixed point, in either case and with surrounding whitespace", () => {
    fc.assert(
      fc.property(point, fc.boolean(), fc.constantFrom("", " ", "\n", "\t "), (key, upper, pad) => {
        const hex = upper ? hexOf(key).toUpperCase() : hexOf(key);
        assert.deepEqual(parseOtaPublicKey(`${pad}${hex}${pad}`), key);
      }),
    );
  });

  it("names what is wrong with a malformed value", () => {
    const good = hexOf(new Uint8Array(65).fill(4));
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /expected a hex string, got undefined/],
      [null, /expected a hex string, got null/],
      [42, /expected a hex string, got number/],
      [["04"], /expected a hex string, got object/],
      ["", /0 hex digits, expected 130/],
      [good.slice(2), /128 hex digits, expected 130/],
      [`${good}00`, /132 hex digits, expected 130/],
      [`${good.slice(0, -1)}g`, /not hex/],
      [`0x${good.slice(2)}`, /not hex/],
      [`04 ${good.slice(2)}`, /not hex/],
      [`02${good.slice(2)}`, /starts with 02, expected 04/],
    ];
    for (const [value, expected] of cases) {
      assert.throws(() => parseOtaPublicKey(value), (error: Error) => {
        assert.match(error.message, /^manifest config "ota\.publicKey": /);
        assert.match(error.message, expected);
        return true;
      }, String(value));
    }
  });

  it("any other string is either a 0x04-prefixed 65-byte key or a named error", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{120,140}$/), point.map((k) => hexOf(k).replace(/^04/, "0"))), (text) => {
        let key: Uint8Array;
        try {
          key = parseOtaPublicKey(text);
        } catch (error) {
          assert.match((error as Error).message, /^manifest config "ota\.publicKey": /);
          return;
        }
        assert.equal(key.length, 65);
        assert.equal(key[0], 4);
        assert.equal(hexOf(key), text.trim().toLowerCase());
      }),
    );
  });
});

describe("platform/moddable otaConfigFrom (the agent's ota setting)", () => {
  const hex = nodeKeyHex();

  it("gives the key from the nested manifest value, logging nothing", () => {
    const { lines, log } = recorder();
    assert.equal(hexOf(otaConfigFrom({ ota: { publicKey: hex } }, log)!.publicKey), hex);
    assert.deepEqual(lines, []);
  });

  it("prefers the flat key of an mcconfig command-line override", () => {
    const other = nodeKeyHex();
    const { log } = recorder();
    assert.equal(hexOf(otaConfigFrom({ ota: { publicKey: hex }, "ota.publicKey": other }, log)!.publicKey), other);
  });

  it("without a key: undefined and one warn line saying OTA is off", () => {
    for (const config of [{}, { ota: {} }, { ota: null }, { ota: "x" }]) {
      const { lines, log } = recorder();
      assert.equal(otaConfigFrom(config, log), undefined);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^warn ota: OTA off: this image has no config\.ota\.publicKey \(.*--ota-key/);
    }
  });

  it("with a malformed key: undefined and one error line naming the problem, no throw", () => {
    const { lines, log } = recorder();
    assert.equal(otaConfigFrom({ ota: { publicKey: hex.slice(0, 100) } }, log), undefined);
    assert.deepEqual(lines, ['error ota: OTA off: manifest config "ota.publicKey": 100 hex digits, expected 130 (a 65-byte uncompressed P-256 point)']);
  });
});

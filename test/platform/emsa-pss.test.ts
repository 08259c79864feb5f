/** EMSA-PSS encoder (used with the SDK's raw RSA for RainMaker challenge-response) checked with node:crypto as oracle. */
import assert from "node:assert/strict";
import { constants, createHash, generateKeyPairSync, privateEncrypt, randomBytes, verify, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { emsaPssEncode } from "../../firmware/platform/moddable/emsa-pss";

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(data).digest());

/** The device's signing path: EM from our encoder, then raw RSA (m^d mod n) by node. */
function signPss(privateKey: KeyObject, modulusBits: number, data: Uint8Array, salt: Uint8Array): Buffer {
  const em = emsaPssEncode(sha256, sha256(data), salt, modulusBits);
  const k = Math.ceil(modulusBits / 8);
  const block = Buffer.alloc(k);
  block.set(em, k - em.length);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
}

for (const modulusBits of [2048, 1025]) {
  describe(`EMSA-PSS with a ${modulusBits}-bit key`, () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: modulusBits });

    it("produces signatures node verifies as RSASSA-PSS/SHA-256 with a 32-byte salt", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (data, salt) => {
          const signature = signPss(privateKey, modulusBits, data, salt);
          return verify("sha256", data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
        }),
        { numRuns: 25 },
      );
    });

    it("is rejected for other data", () => {
      const signature = signPss(privateKey, modulusBits, Buffer.from("challenge"), randomBytes(32));
      assert.equal(verify("sha256", Buffer.from("challengf"), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature), false);
    });
  });
}

describe("EMSA-PSS input checks", () => {
  it("refuses a modulus too small for hash and salt", () => {
    assert.throws(() => emsaPssEncode(sha256, new Uint8Array(32), new Uint8Array(32), 512), /too small/);
  });
  it("ends with 0xbc and clears the bits above emBits", () => {
    const em = emsaPssEncode(sha256, new Uint8Array(32), new Uint8Array(32), 1025);
    assert.equal(em.length, 128);
    assert.equal(em[127], 0xbc);
    const bits2048 = emsaPssEncode(sha256, new Uint8Array(32), new Uint8Array(32), 2048);
    assert.equal(bits2048.length, 256);
    assert.equal(bits2048[0]! & 0x80, 0);
  });
});

import assert from "node:assert/strict";
import { constants, generateKeyPairSync, sign, verify } from "node:crypto";
import fc from "fast-check";
import { fromHex, toHex, utf8Encode } from "../../firmware/protocol/bytes";
import { createCrypto } from "../../host-sim/adapters/crypto";

describe("host CryptoPort adapter (node:crypto)", () => {
  const c = createCrypto();

  it("hashes with SHA-256 and SHA-512, one-shot and incremental", () => {
    const abc = utf8Encode("abc");
    assert.equal(toHex(c.hash("SHA-256", abc)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(
      toHex(c.hash("SHA-512", abc)),
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    );
    const h = c.createHash("SHA-256");
    h.update(utf8Encode("a"));
    h.update(utf8Encode("bc"));
    assert.equal(toHex(h.digest()), toHex(c.hash("SHA-256", abc)));
  });

  it("computes HMAC-SHA256 (RFC 4231 case 2)", () => {
    assert.equal(
      toHex(c.hmac("SHA-256", utf8Encode("Jefe"), utf8Encode("what do ya want for nothing?"))),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("keeps the AES-CTR keystream position across calls", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat({ max: 100 }), (data, cut) => {
        const key = new Uint8Array(32).fill(7);
        const iv = new Uint8Array(16).fill(0xff);
        const whole = c.aesCtr(key, iv).process(data);
        const s = c.aesCtr(key, iv);
        const at = Math.min(cut, data.length);
        const parts = [...s.process(data.subarray(0, at)), ...s.process(data.subarray(at))];
        assert.deepEqual(parts, [...whole]);
      }),
      { numRuns: 50 },
    );
  });

  it("encrypts AES-GCM like the NIST reference (test case 2) and rejects tampering", () => {
    const out = c.aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(16));
    assert.equal(toHex(out), "0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
    assert.deepEqual(c.aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), out), new Uint8Array(16));
    const bad = out.slice();
    bad[3] = bad[3]! ^ 1;
    assert.equal(c.aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), bad), undefined);
    assert.equal(c.aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(5)), undefined);
    assert.throws(() => c.aesGcmEncrypt(new Uint8Array(15), new Uint8Array(12), new Uint8Array(1)), RangeError);
  });

  it("verifies ECDSA P-256 signatures and rejects wrong ones without throwing", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const point = new Uint8Array(publicKey.export({ format: "der", type: "spki" }).subarray(26));
    const data = utf8Encode("challenge");
    const sig = new Uint8Array(sign("sha256", data, privateKey));
    assert.equal(c.ecdsaP256Verify(point, data, sig), true);
    assert.equal(c.ecdsaP256Verify(point, utf8Encode("other"), sig), false);
    assert.equal(c.ecdsaP256Verify(point.subarray(1), data, sig), false);
    assert.equal(c.ecdsaP256Verify(point, data, fromHex("3000")), false);
  });

  it("signs with RSA PKCS#1 v1.5 and PSS", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const der = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
    const data = utf8Encode("node");
    const pub = publicKey;
    assert.ok(verify("sha256", data, { key: pub, padding: constants.RSA_PKCS1_PADDING }, c.rsaSign(der, data, "pkcs1")));
    assert.ok(verify("sha256", data, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, c.rsaSign(der, data, "pss")));
  });

  it("returns fresh random bytes of the requested length", () => {
    assert.equal(c.random(33).length, 33);
    assert.notDeepEqual(c.random(16), c.random(16));
  });
});

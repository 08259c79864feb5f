import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { fromHex, toHex } from "../../firmware/protocol/bytes";
import { x25519, x25519PublicKey } from "../../firmware/crypto/index";

const PKCS8_X25519 = "302e020100300506032b656e04220420";
const SPKI_X25519 = "302a300506032b656e032100";

function nodeX25519(scalar: Uint8Array, u: Uint8Array): string {
  const privateKey = createPrivateKey({ key: Buffer.from(PKCS8_X25519 + toHex(scalar), "hex"), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey({ key: Buffer.from(SPKI_X25519 + toHex(u), "hex"), format: "der", type: "spki" });
  return diffieHellman({ privateKey, publicKey }).toString("hex");
}

describe("X25519 vs node:crypto", () => {
  it("matches the RFC 7748 iterated ladder after 1 and 1000 iterations", () => {
    let k = fromHex("0900000000000000000000000000000000000000000000000000000000000000");
    let u = k;
    for (let i = 1; i <= 1000; i++) {
      const r = x25519(k, u);
      u = k;
      k = r;
      if (i === 1) assert.equal(toHex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
    assert.equal(toHex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  });

  it("agrees with node:crypto for random keys and random u-coordinates", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (k, u) => {
        assert.equal(toHex(x25519(k, u)), nodeX25519(k, u));
      }),
      { numRuns: 50 },
    );
  });

  it("derives the same public key as node:crypto key generation", () => {
    for (let i = 0; i < 5; i++) {
      const { privateKey, publicKey } = generateKeyPairSync("x25519");
      const priv = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }).subarray(16));
      const pub = toHex(publicKey.export({ format: "der", type: "spki" }).subarray(12));
      assert.equal(toHex(x25519PublicKey(priv)), pub);
    }
  });
});

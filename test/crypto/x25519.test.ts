import assert from "node:assert/strict";
import { fromHex, toHex } from "../../firmware/protocol/bytes";
import { x25519, x25519PublicKey } from "../../firmware/crypto/index";

describe("X25519 (RFC 7748, pure TS)", () => {
  it("matches the RFC 7748 section 5.2 test vectors", () => {
    assert.equal(
      toHex(x25519(fromHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"), fromHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))),
      "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
    );
    assert.equal(
      toHex(x25519(fromHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"), fromHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))),
      "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    );
  });

  it("matches the RFC 7748 section 6.1 Diffie-Hellman example", () => {
    const a = fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const b = fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    assert.equal(toHex(x25519PublicKey(a)), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assert.equal(toHex(x25519PublicKey(b)), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    const shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assert.equal(toHex(x25519(a, x25519PublicKey(b))), shared);
    assert.equal(toHex(x25519(b, x25519PublicKey(a))), shared);
  });

  it("matches the first step of the RFC 7748 iterated ladder", () => {
    const nine = fromHex("0900000000000000000000000000000000000000000000000000000000000000");
    assert.equal(toHex(x25519(nine, nine)), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
  });

  it("rejects inputs that are not 32 bytes", () => {
    assert.throws(() => x25519(new Uint8Array(31), new Uint8Array(32)), RangeError);
    assert.throws(() => x25519(new Uint8Array(32), new Uint8Array(33)), RangeError);
  });
});

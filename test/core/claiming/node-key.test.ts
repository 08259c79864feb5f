import assert from "node:assert/strict";
import fc from "fast-check";
import { getTestCrypto } from "../../helpers/crypto-port";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { bytesToBigInt } from "../../../firmware/crypto/bigint-bytes";
import { modPow } from "../../../firmware/crypto/modpow";
import { generateRsaKey, generateRsaKeyInSlices, isProbablePrime, modInverse } from "../../../firmware/crypto/rsa-keygen";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { generateNodeKey, nodeKeyFromPkcs8, pendingOrNewKey, prepareNodeKey, PendingClaimKv, nodeCsrPem } from "../../../firmware/core/claiming/node-key";
import { pemToDerBlocks } from "../../../firmware/protocol/der/pem";
import { expectElement, readChildren } from "../../../firmware/protocol/der/reader";
import { concatBytes, fromHex } from "../../../firmware/protocol/bytes";

const crypto = getTestCrypto();
// RFC 8017 9.2 note 1: DigestInfo prefix of SHA-256
const SHA256_PREFIX = fromHex("3031300d060960864801650304020105000420");

function rsaPublic(spki: Uint8Array): { n: bigint; e: bigint } {
  const top = expectElement(spki, 0, 0x30);
  const [, bits] = readChildren(spki, top);
  const inner = expectElement(spki, bits.start + 1, 0x30, bits.end);
  const [n, e] = readChildren(spki, inner);
  return { n: bytesToBigInt(spki.subarray(n.start, n.end)), e: bytesToBigInt(spki.subarray(e.start, e.end)) };
}

describe("claiming/node-key: device-generated RSA-2048 (runs on XS too)", () => {

  it("generates a 2048-bit key whose PKCS#8 the platform signer takes and whose CSR signature verifies", () => {
    const key = generateNodeKey(crypto);
    const { n, e } = rsaPublic(key.subjectPublicKeyInfo);
    assert.equal(n.toString(2).length, 2048);
    assert.equal(e, 65537n);
    assert.deepEqual(nodeKeyFromPkcs8(key.pkcs8).subjectPublicKeyInfo, key.subjectPublicKeyInfo);
    const csr = pemToDerBlocks(nodeCsrPem("A1B2C3D4E5F6", key, crypto))[0].der;
    const [info, , sig] = readChildren(csr, expectElement(csr, 0, 0x30));
    const signature = bytesToBigInt(csr.subarray(sig.start + 1, sig.end));
    const em = modPow(signature, e, n);
    const digestInfo = concatBytes(SHA256_PREFIX, crypto.hash("SHA-256", csr.subarray(info.offset, info.end)));
    const expected = new Uint8Array(256);
    expected[1] = 1;
    expected.fill(0xff, 2, 256 - digestInfo.length - 1);
    expected.set(digestInfo, 256 - digestInfo.length);
    assert.equal(em, bytesToBigInt(expected), "RSASSA-PKCS1-v1_5 signature checks with the public key");
  });

  it("keeps a pending key across a reboot and makes a new one when it is corrupt", () => {
    const kv = createMemoryKv();
    const a = pendingOrNewKey(kv, crypto, 512);
    assert.deepEqual(pendingOrNewKey(kv, crypto, 512).pkcs8, a.pkcs8);
    kv.set(PendingClaimKv.namespace, PendingClaimKv.key, Uint8Array.of(0x30, 0x03, 1, 2, 3));
    const b = pendingOrNewKey(kv, crypto, 512);
    assert.notDeepEqual(b.pkcs8, a.pkcs8);
  });

  it("Miller-Rabin agrees with trial division on small numbers and knows large primes", () => {
    const isPrime = (n: number): boolean => {
      if (n < 2) return false;
      for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
      return true;
    };
    fc.assert(fc.property(fc.integer({ min: 0, max: 2_000_000 }), (n) => {
      assert.equal(isProbablePrime(BigInt(n), 8, (k) => crypto.random(k)), isPrime(n));
    }), { numRuns: 300 });
    const mersenne = (1n << 521n) - 1n;
    assert.equal(isProbablePrime(mersenne, 5, (k) => crypto.random(k)), true);
    assert.equal(isProbablePrime(mersenne * ((1n << 127n) - 1n), 5, (k) => crypto.random(k)), false);
    assert.equal(isProbablePrime(561n, 5, (k) => crypto.random(k)), false, "Carmichael number");
  });

  it("modInverse inverts modulo a prime and refuses non-coprime input", () => {
    const p = (1n << 127n) - 1n;
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: p - 1n }), (a) => {
      assert.equal((a * modInverse(a, p)) % p, 1n);
    }), { numRuns: 100 });
    assert.throws(() => modInverse(6n, 9n), /no modular inverse/);
  });

  it("sliced key generation gives the same key as the one-go generation for the same random stream", async () => {
    const seeded = (seed: number) => {
      let x = seed;
      return (n: number) => {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          out[i] = x & 255;
        }
        return out;
      };
    };
    let pauses = 0;
    const sliced = await generateRsaKeyInSlices(seeded(7), async () => {
      pauses++;
    }, () => 0, 0, 768);
    assert.deepEqual(sliced, generateRsaKey(seeded(7), 768));
    assert.ok(pauses > 3, `${pauses} pauses`);
  });

  it("prepareNodeKey yields to the clock between slices, stores the key, then reuses it", async () => {
    const kv = createMemoryKv();
    const clock = createManualClock();
    let done = false;
    const prepared = prepareNodeKey(kv, crypto, clock, 0, 512).then((k) => {
      done = true;
      return k;
    });
    let turns = 0;
    while (!done) {
      await Promise.resolve();
      if (clock.pendingTimers() > 0) {
        clock.advance(0);
        turns++;
      }
    }
    const key = await prepared;
    assert.ok(turns > 3, `${turns} timer turns`);
    assert.deepEqual(kv.get(PendingClaimKv.namespace, PendingClaimKv.key), key.pkcs8);
    assert.deepEqual((await prepareNodeKey(kv, crypto, clock, 0, 512)).pkcs8, key.pkcs8);
  });
});

import assert from "node:assert/strict";
import { fromHex, toHex, utf8Encode } from "../../firmware/protocol/bytes";
import { SRP_GROUP_3072, bigIntToBytes, bigIntToPaddedBytes, createSrpServer, srpServerSession, srpVerifier } from "../../firmware/crypto/index";
import { SrpClient } from "../protocol/protocomm/helpers/srp-client";
import { getTestCrypto } from "../helpers/crypto-port";
import sec2 from "../protocol/protocomm/vectors/sec2.json" with { type: "json" };

const crypto = getTestCrypto();
const sha512 = (d: Uint8Array): Uint8Array => crypto.hash("SHA-512", d);

describe("SRP-6a core (3072-bit, SHA-512)", () => {
  it("derives the recorded verifier and every recorded device value of sec2.json", () => {
    const dev = sec2.device.sec2;
    const I = utf8Encode(dev.username);
    const salt = fromHex(dev.salt_hex);
    const v = srpVerifier(SRP_GROUP_3072, sha512, salt, I, utf8Encode(dev.password));
    assert.equal(toHex(v), dev.verifier_hex);
    for (const run of sec2.runs) {
      const d = run.device_derived_values as Record<string, string>;
      const b = run.device_randomness.find((r) => r.name === "sec2_b")!.hex!;
      const A = fromHex(run.client_values.client_pubkey_A_hex);
      const s = srpServerSession(SRP_GROUP_3072, sha512, { username: I, salt, verifier: v, clientPublic: A, privateValue: fromHex(b) });
      assert.ok(s, run.name);
      assert.equal(toHex(s.serverPublic), d.sec2_device_pubkey_B, run.name);
      assert.equal(toHex(s.derived.k), d.sec2_k, run.name);
      assert.equal(toHex(s.derived.u), d.sec2_u, run.name);
      assert.equal(toHex(s.derived.S), d.sec2_S, run.name);
      assert.equal(toHex(s.sessionKey), d.sec2_K_session_key_sha512, run.name);
      assert.equal(toHex(s.derived.expectedProof), d.sec2_expected_M, run.name);
      if (d.sec2_H_AMK_device_proof) assert.equal(toHex(s.derived.serverProof), d.sec2_H_AMK_device_proof, run.name);
    }
  });

  it("a bound server reproduces the recorded runs and hashes the group constants only once", () => {
    const dev = sec2.device.sec2;
    const I = utf8Encode(dev.username);
    const salt = fromHex(dev.salt_hex);
    const v = fromHex(dev.verifier_hex);
    let calls = 0;
    const server = createSrpServer(SRP_GROUP_3072, (d) => (calls++, sha512(d)));
    const perSession: number[] = [];
    for (const run of [...sec2.runs, ...sec2.runs]) {
      const d = run.device_derived_values as Record<string, string>;
      const b = fromHex(run.device_randomness.find((r) => r.name === "sec2_b")!.hex!);
      const before = calls;
      const s = server.session({ username: I, salt, verifier: v, clientPublic: fromHex(run.client_values.client_pubkey_A_hex), privateValue: b });
      perSession.push(calls - before);
      assert.ok(s, run.name);
      assert.equal(toHex(s.serverPublic), d.sec2_device_pubkey_B, run.name);
      assert.equal(toHex(s.derived.k), d.sec2_k, run.name);
      assert.equal(toHex(s.sessionKey), d.sec2_K_session_key_sha512, run.name);
      assert.equal(toHex(s.derived.expectedProof), d.sec2_expected_M, run.name);
    }
    // k, H(N), H(g): three hashes in the first session only.
    assert.deepEqual(perSession, perSession.map((n, i) => (i === 0 ? perSession[1]! + 3 : perSession[1]!)));
  });

  it("pads a short A before hashing u, as PAD(A) of its value", () => {
    const base = { username: utf8Encode("wifiprov"), salt: new Uint8Array(16).fill(2), verifier: Uint8Array.of(7, 1), privateValue: new Uint8Array(32).fill(5) };
    const A = (SRP_GROUP_3072.N >> 16n) - 12345n;
    const short = srpServerSession(SRP_GROUP_3072, sha512, { ...base, clientPublic: bigIntToBytes(A) });
    const padded = srpServerSession(SRP_GROUP_3072, sha512, { ...base, clientPublic: bigIntToPaddedBytes(A, 384) });
    assert.ok(short && padded);
    assert.equal(bigIntToBytes(A).length, 382);
    assert.equal(toHex(short.derived.u), toHex(padded.derived.u));
    assert.equal(toHex(short.sessionKey), toHex(padded.sessionKey));
  });

  it("rejects A = 0, A = N and an A longer than N", () => {
    const base = { username: new Uint8Array(1), salt: new Uint8Array(16), verifier: Uint8Array.of(7), privateValue: new Uint8Array(32).fill(1) };
    assert.equal(srpServerSession(SRP_GROUP_3072, sha512, { ...base, clientPublic: new Uint8Array(384) }), undefined);
    assert.equal(srpServerSession(SRP_GROUP_3072, sha512, { ...base, clientPublic: bigIntToBytes(SRP_GROUP_3072.N) }), undefined);
    assert.equal(srpServerSession(SRP_GROUP_3072, sha512, { ...base, clientPublic: new Uint8Array(385).fill(1) }), undefined);
  });

  it("refuses a wrong client proof", () => {
    const I = utf8Encode("wifiprov");
    const salt = new Uint8Array(16).fill(3);
    const v = srpVerifier(SRP_GROUP_3072, sha512, salt, I, utf8Encode("right"));
    const client = new SrpClient(SRP_GROUP_3072, sha512, I, utf8Encode("wrong"), 1234567n << 200n);
    const s = srpServerSession(SRP_GROUP_3072, sha512, { username: I, salt, verifier: v, clientPublic: client.publicBytes, privateValue: new Uint8Array(32).fill(9) });
    assert.ok(s);
    assert.equal(s.verifyClientProof(client.respond(salt, s.serverPublic).M), undefined);
  });
});

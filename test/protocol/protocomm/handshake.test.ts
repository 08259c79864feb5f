import assert from "node:assert/strict";
import { utf8Encode } from "../../../firmware/protocol/bytes";
import { getTestCrypto } from "../../helpers/crypto-port";
import { Sec1Client, Sec2Client } from "./helpers/handshake-clients";
import { runSec1Handshake, runSec2Handshake, sec1Device, sec2Device, TEST_POP, TEST_USERNAME } from "./helpers/handshake-runner";
import { createProtocomm, createSec1, createSec2, type Protocomm, type ProtocommResponse } from "../../../firmware/protocol/protocomm/index";
import { createProvisioningMath, deriveSec2Verifier } from "../../../firmware/crypto/index";

const crypto = getTestCrypto();
const session = (b: Uint8Array, connectionId: number | string = 1) => ({ endpoint: "prov-session", body: b, connectionId });

function body(r: ProtocommResponse): Uint8Array {
  assert.ok(!("close" in r), "close" in r ? r.reason : "");
  return r.body;
}

function handshake2(device: Protocomm, pop = TEST_POP): Sec2Client {
  const c = new Sec2Client(crypto, utf8Encode(TEST_USERNAME), utf8Encode(pop));
  const r0 = body(device.handle(session(c.command0())));
  const r1 = device.handle(session(c.command1(r0)));
  if (!("close" in r1)) assert.ok(c.finish(r1.body));
  return c;
}

describe("protocomm security sessions with independent clients", () => {
  it("completes security 1 and security 2 handshakes with random keys", () => {
    for (let i = 0; i < 3; i++) assert.ok(runSec1Handshake(crypto, () => 0).deviceMs >= 0);
    assert.ok(runSec2Handshake(crypto, () => 0).deviceMs >= 0);
  });

  it("keeps the sec1 keystream and the sec2 nonce counter in step over many requests", () => {
    const d1 = sec1Device(crypto);
    const c1 = new Sec1Client(crypto, utf8Encode(TEST_POP));
    const r0 = body(d1.handle(session(c1.command0())));
    assert.ok(c1.finish(body(d1.handle(session(c1.command1(r0))))));
    const d2 = sec2Device(crypto);
    const c2 = handshake2(d2);
    for (let i = 0; i < 20; i++) {
      const msg = crypto.random(1 + i * 7);
      assert.deepEqual(c1.decrypt(body(d1.handle({ endpoint: "echo", body: c1.encrypt(msg), connectionId: 1 }))), msg);
      assert.deepEqual(c2.decrypt(body(d2.handle({ endpoint: "echo", body: c2.encrypt(msg), connectionId: 1 }))), msg);
    }
  });

  it("closes without reply on a wrong PoP (sec1) or a wrong password (sec2)", () => {
    const d1 = sec1Device(crypto);
    const c1 = new Sec1Client(crypto, utf8Encode("wrong"));
    const r0 = body(d1.handle(session(c1.command0())));
    const r1 = d1.handle(session(c1.command1(r0)));
    assert.ok("close" in r1 && /PoP/.test(r1.reason));
    const d2 = sec2Device(crypto);
    const c2 = new Sec2Client(crypto, utf8Encode(TEST_USERNAME), utf8Encode("wrong"));
    const s0 = body(d2.handle(session(c2.command0())));
    const s1 = d2.handle(session(c2.command1(s0)));
    assert.ok("close" in s1 && /proof/.test(s1.reason));
  });

  it("closes on a tampered sec2 request and drops the session", () => {
    const d2 = sec2Device(crypto);
    const c2 = handshake2(d2);
    const bad = c2.encrypt(utf8Encode("ping"));
    bad[0] = bad[0]! ^ 1;
    assert.ok("close" in d2.handle({ endpoint: "echo", body: bad, connectionId: 1 }));
    const again = d2.handle({ endpoint: "echo", body: c2.encrypt(utf8Encode("ping")), connectionId: 1 });
    assert.ok("close" in again);
  });

  it("runs security 1 without a PoP (key = shared secret)", () => {
    const d = createProtocomm({ crypto, security: createSec1({ crypto, math: createProvisioningMath(crypto) }), protoVersion: "{}" });
    d.register("echo", (b) => b);
    const c = new Sec1Client(crypto, new Uint8Array(0));
    const r0 = body(d.handle(session(c.command0())));
    assert.ok(c.finish(body(d.handle(session(c.command1(r0))))));
    const wrong = new Sec1Client(crypto, utf8Encode(TEST_POP));
    const d2 = createProtocomm({ crypto, security: createSec1({ crypto, math: createProvisioningMath(crypto) }), protoVersion: "{}" });
    const w0 = body(d2.handle(session(wrong.command0())));
    assert.ok("close" in d2.handle(session(wrong.command1(w0))));
  });

  it("keeps the sec2 nonce fixed with sec_patch_ver 0", () => {
    const salt = crypto.random(16);
    const verifier = deriveSec2Verifier(crypto, utf8Encode(TEST_USERNAME), utf8Encode(TEST_POP), salt);
    const d = createProtocomm({
      crypto,
      security: createSec2({ crypto, math: createProvisioningMath(crypto), salt, verifier, patchVersion: 0 }),
      protoVersion: "{}",
    });
    let seen: Uint8Array = new Uint8Array(0);
    d.register("echo", (b) => (seen = b));
    const c = handshake2(d);
    const first = c.encrypt(utf8Encode("one"));
    assert.ok(!("close" in d.handle({ endpoint: "echo", body: first, connectionId: 1 })));
    assert.deepEqual(seen, utf8Encode("one"));
    const second = d.handle({ endpoint: "echo", body: first, connectionId: 1 });
    assert.ok(!("close" in second), "the same nonce decrypts again when the counter never moves");
  });
});

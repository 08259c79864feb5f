import assert from "node:assert/strict";
import fc from "fast-check";
import { toHex, utf8Encode } from "../../../firmware/protocol/bytes";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { SessionData, Status } from "../../../firmware/protocol/protocomm/schemas/index";
import { createSec0, createProtocomm, createProvConfigHandler, createProvCtrlHandler, createProvScanHandler } from "../../../firmware/protocol/protocomm/index";
import type { Protocomm, ProtocommResponse } from "../../../firmware/protocol/protocomm/index";
import { getTestCrypto } from "../../helpers/crypto-port";
import { Sec1Client, Sec2Client } from "./helpers/handshake-clients";
import { sec1Device, sec2Device, TEST_POP, TEST_USERNAME } from "./helpers/handshake-runner";
import { createSimulatedWifi } from "./helpers/simulated-wifi";
import { PROVISIONING_VECTORS } from "./helpers/all-vectors";

const crypto = getTestCrypto();
const session = (b: Uint8Array, connectionId: number | string = 1, cookie?: string) => ({
  endpoint: "prov-session",
  body: b,
  connectionId,
  ...(cookie === undefined ? {} : { cookie }),
});

function body(r: ProtocommResponse): Uint8Array {
  assert.ok(!("close" in r), "close" in r ? r.reason : "");
  return r.body;
}

function replyStatus(r: ProtocommResponse): { msg: number; status: number } {
  const v = decode(SessionData, body(r));
  assert.ok(v.ok);
  const p = v.value.sec1 ?? v.value.sec2;
  assert.ok(p);
  const resp = p.sr0 ?? p.sr1;
  assert.ok(resp, "reply carries sr0 or sr1");
  return { msg: p.msg ?? 0, status: resp.status ?? Status.Success };
}

function established1(device: Protocomm): Sec1Client {
  const c = new Sec1Client(crypto, utf8Encode(TEST_POP));
  const r0 = body(device.handle(session(c.command0())));
  assert.ok(c.finish(body(device.handle(session(c.command1(r0))))));
  return c;
}

describe("protocomm: malformed and out-of-order input", () => {
  it("closes on a prov-session body that is not protobuf", () => {
    for (const d of [sec1Device(crypto), sec2Device(crypto)]) {
      const r = d.handle(session(Uint8Array.of(0x5a, 0x7f, 0x01)));
      assert.ok("close" in r && /SessionData/.test(r.reason));
    }
  });

  it("answers InvalidArgument for a client_pubkey that is not 32 bytes, then accepts a fresh handshake", () => {
    const d = sec1Device(crypto);
    for (const len of [0, 31, 33]) {
      const bad = encode(SessionData, { sec_ver: 1, sec1: { msg: 0, sc0: { client_pubkey: new Uint8Array(len).fill(9) } } });
      assert.deepEqual(replyStatus(d.handle(session(bad))), { msg: 1, status: Status.InvalidArgument });
    }
    established1(d);
  });

  it("answers InvalidArgument for an SRP A that is not 384 bytes or is 0 mod N", () => {
    const d = sec2Device(crypto);
    for (const A of [new Uint8Array(383).fill(7), new Uint8Array(385).fill(7), new Uint8Array(384)]) {
      const bad = encode(SessionData, { sec_ver: 2, sec2: { msg: 0, sc0: { client_username: utf8Encode(TEST_USERNAME), client_pubkey: A } } });
      assert.deepEqual(replyStatus(d.handle(session(bad))), { msg: 1, status: Status.InvalidArgument });
    }
  });

  it("answers InvalidSession to Command1 before Command0", () => {
    const d1 = sec1Device(crypto);
    const c1 = encode(SessionData, { sec_ver: 1, sec1: { msg: 2, sc1: { client_verify_data: new Uint8Array(32) } } });
    assert.deepEqual(replyStatus(d1.handle(session(c1))), { msg: 3, status: Status.InvalidSession });
    const d2 = sec2Device(crypto);
    const c2 = encode(SessionData, { sec_ver: 2, sec2: { msg: 2, sc1: { client_proof: new Uint8Array(64) } } });
    assert.deepEqual(replyStatus(d2.handle(session(c2))), { msg: 3, status: Status.InvalidSession });
  });

  it("answers InvalidSession to a replayed handshake and resets the session", () => {
    const d = sec1Device(crypto);
    const c = new Sec1Client(crypto, utf8Encode(TEST_POP));
    const cmd0 = c.command0();
    const r0 = body(d.handle(session(cmd0)));
    const cmd1 = c.command1(r0);
    assert.ok(c.finish(body(d.handle(session(cmd1)))));
    assert.deepEqual(replyStatus(d.handle(session(cmd1))), { msg: 3, status: Status.InvalidSession });
    const echo = d.handle({ endpoint: "echo", body: c.encrypt(utf8Encode("x")), connectionId: 1 });
    assert.ok("close" in echo && /no secure session/.test(echo.reason));

    const d2 = sec2Device(crypto);
    const c2 = new Sec2Client(crypto, utf8Encode(TEST_USERNAME), utf8Encode(TEST_POP));
    const s0 = c2.command0();
    const sr0 = body(d2.handle(session(s0)));
    assert.ok(c2.finish(body(d2.handle(session(c2.command1(sr0))))));
    assert.deepEqual(replyStatus(d2.handle(session(s0))), { msg: 1, status: Status.InvalidSession });
    assert.ok("close" in d2.handle({ endpoint: "echo", body: c2.encrypt(utf8Encode("x")), connectionId: 1 }));
  });

  it("closes on a session payload for another security scheme", () => {
    const d = sec2Device(crypto);
    const r = d.handle(session(new Sec1Client(crypto, utf8Encode(TEST_POP)).command0()));
    assert.ok("close" in r && /not a security 2/.test(r.reason));
  });

  it("closes on empty and oversized bodies and on encrypted endpoints before a handshake", () => {
    const d = sec1Device(crypto);
    assert.ok("close" in d.handle({ endpoint: "proto-ver", body: new Uint8Array(0), connectionId: 1 }));
    assert.ok("close" in d.handle({ endpoint: "proto-ver", body: new Uint8Array(4097), connectionId: 1 }));
    assert.ok(!("close" in d.handle({ endpoint: "proto-ver", body: new Uint8Array(4096), connectionId: 1 })));
    assert.ok("close" in d.handle({ endpoint: "echo", body: Uint8Array.of(1), connectionId: 1 }));
  });

  it("closes on an unknown endpoint without touching the session", () => {
    const d = sec1Device(crypto);
    const c = established1(d);
    assert.ok("close" in d.handle({ endpoint: "nope", body: Uint8Array.of(1), connectionId: 1 }));
    const out = d.handle({ endpoint: "echo", body: c.encrypt(utf8Encode("still")), connectionId: 1 });
    assert.deepEqual(c.decrypt(body(out)), utf8Encode("still"));
  });

  it("gives a second client its own session and ends the first one", () => {
    const d = sec1Device(crypto);
    const first = d.handle({ endpoint: "proto-ver", body: utf8Encode("---"), connectionId: "a" });
    assert.ok(!("close" in first) && first.setCookie);
    const cookieA = first.setCookie;
    const a = new Sec1Client(crypto, utf8Encode(TEST_POP));
    const ra0 = body(d.handle(session(a.command0(), "a", cookieA)));
    assert.ok(a.finish(body(d.handle(session(a.command1(ra0), "a", cookieA)))));
    const other = d.handle({ endpoint: "proto-ver", body: utf8Encode("---"), connectionId: "b" });
    assert.ok(!("close" in other) && other.setCookie && other.setCookie !== cookieA);
    const late = d.handle({ endpoint: "echo", body: a.encrypt(utf8Encode("x")), connectionId: "a", cookie: cookieA });
    assert.ok("close" in late);
  });

  it("continues a session by cookie on a new connection, and by connection without a cookie", () => {
    const d = sec1Device(crypto);
    const first = d.handle({ endpoint: "proto-ver", body: utf8Encode("x"), connectionId: 1 });
    assert.ok(!("close" in first) && first.setCookie);
    const same = d.handle({ endpoint: "proto-ver", body: utf8Encode("x"), connectionId: 1 });
    assert.ok(!("close" in same) && same.setCookie === undefined);
    const moved = d.handle({ endpoint: "proto-ver", body: utf8Encode("x"), connectionId: 2, cookie: `x=1; ${first.setCookie}` });
    assert.ok(!("close" in moved) && moved.setCookie === undefined);
    const bogus = d.handle({ endpoint: "proto-ver", body: utf8Encode("x"), connectionId: 2, cookie: "session=abc" });
    assert.ok(!("close" in bogus) && bogus.setCookie !== undefined);
  });

  it("never throws for random bodies on every endpoint, fresh or mid-session, for every scheme", () => {
    const device = PROVISIONING_VECTORS.sec0!.device;
    const makers: Array<() => Protocomm> = [
      () => sec1Device(crypto),
      () => sec2Device(crypto),
      () => {
        const wifi = createSimulatedWifi(device);
        const pc = createProtocomm({ crypto, security: createSec0(), protoVersion: "{}" });
        pc.register("prov-config", createProvConfigHandler(wifi));
        pc.register("prov-scan", createProvScanHandler(wifi));
        pc.register("prov-ctrl", createProvCtrlHandler(wifi));
        return pc;
      },
    ];
    const devices = makers.map((m) => m());
    fc.assert(
      fc.property(
        fc.nat({ max: devices.length - 1 }),
        fc.constantFrom("proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl", "echo", "other"),
        fc.uint8Array({ maxLength: 80 }),
        fc.option(fc.constantFrom("session=1", "garbage", ""), { nil: undefined }),
        fc.nat({ max: 2 }),
        (which, endpoint, bytes, cookie, connectionId) => {
          const r = devices[which]!.handle({ endpoint, body: bytes, connectionId, ...(cookie === undefined ? {} : { cookie }) });
          assert.ok("close" in r ? r.reason.length > 0 : r.body instanceof Uint8Array);
        },
      ),
      { numRuns: 400 },
    );
    const sec0 = devices[2]!;
    const ok = sec0.handle(session(encode(SessionData, { sec0: { sc: {} } }), 9));
    assert.equal(toHex(body(ok)), "52050801aa0100");
  });
});

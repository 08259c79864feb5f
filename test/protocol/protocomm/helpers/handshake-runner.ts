import type { CryptoPort } from "../../../../firmware/ports/crypto";
import { bytesEqual, utf8Encode } from "../../../../firmware/protocol/bytes";
import { createProvisioningMath, deriveSec2Verifier } from "../../../../firmware/crypto/index";
import { createProtocomm, createSec1, createSec2, type Protocomm } from "../../../../firmware/protocol/protocomm/index";
import { Sec1Client, Sec2Client } from "./handshake-clients";

export const TEST_POP = "abcd1234";
export const TEST_USERNAME = "wifiprov";
const PROTO_VER = '{"prov":{"ver":"v1.1","sec_ver":0,"cap":[]}}';

/** A device with an `echo` endpoint, for handshake tests and benchmarks. */
export function sec1Device(crypto: CryptoPort, pop = TEST_POP): Protocomm {
  const pc = createProtocomm({
    crypto,
    security: createSec1({ crypto, math: createProvisioningMath(crypto), pop: utf8Encode(pop) }),
    protoVersion: PROTO_VER,
  });
  pc.register("echo", (b) => b);
  return pc;
}

export function sec2Device(crypto: CryptoPort, pop = TEST_POP): Protocomm {
  const salt = crypto.random(16);
  const verifier = deriveSec2Verifier(crypto, utf8Encode(TEST_USERNAME), utf8Encode(pop), salt);
  const pc = createProtocomm({
    crypto,
    security: createSec2({ crypto, math: createProvisioningMath(crypto), salt, verifier }),
    protoVersion: PROTO_VER,
  });
  pc.register("echo", (b) => b);
  return pc;
}

function body(r: ReturnType<Protocomm["handle"]>): Uint8Array {
  if ("close" in r) throw new Error(`device closed: ${r.reason}`);
  return r.body;
}

export interface HandshakeTiming {
  /** Time spent inside the device's protocomm `handle` for the two handshake messages. */
  readonly deviceMs: number;
}

/**
 * Runs a full security-1 handshake plus one encrypted echo against a fresh device; `now` is the
 * caller's millisecond clock (so the XS runner can time it too).
 */
export function runSec1Handshake(crypto: CryptoPort, now: () => number): HandshakeTiming {
  return runHandshake("sec1", sec1Device(crypto), new Sec1Client(crypto, utf8Encode(TEST_POP)), now);
}

/** The same for security 2. */
export function runSec2Handshake(crypto: CryptoPort, now: () => number): HandshakeTiming {
  return runHandshake("sec2", sec2Device(crypto), new Sec2Client(crypto, utf8Encode(TEST_USERNAME), utf8Encode(TEST_POP)), now);
}

function runHandshake(label: string, device: Protocomm, client: Sec1Client | Sec2Client, now: () => number): HandshakeTiming {
  const req = (b: Uint8Array) => ({ endpoint: "prov-session", body: b, connectionId: 1 });
  let t = now();
  const r0 = body(device.handle(req(client.command0())));
  let deviceMs = now() - t;
  const c1 = client.command1(r0);
  t = now();
  const r1 = body(device.handle(req(c1)));
  deviceMs += now() - t;
  if (!client.finish(r1)) throw new Error(`${label}: device proof did not verify`);
  checkEcho(device, client);
  return { deviceMs };
}

function checkEcho(device: Protocomm, client: Sec1Client | Sec2Client): void {
  const msg = utf8Encode("ping");
  const out = client.decrypt(body(device.handle({ endpoint: "echo", body: client.encrypt(msg), connectionId: 1 })));
  if (!out || !bytesEqual(out, msg)) throw new Error("encrypted echo failed");
}

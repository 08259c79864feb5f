/**
 * XS side of bench/protocomm-xs.ts: device-side sec1/sec2 handshakes (the same runners as the Node
 * bench) and a sec2 handshake cut into steps so the host can snapshot the heap between them.
 * Crypto primitives go to the host through the test bridge (native C modules on the device); a
 * counting wrapper records how many bridged calls each step makes. Installs `globalThis.protocommXsBench`.
 */
import type { CryptoPort } from "../../firmware/ports/crypto";
import { bigIntToBytes, bytesToBigInt, createProvisioningMath, deriveSec2Verifier, modPow, SRP_GROUP_3072 } from "../../firmware/crypto/index";
import type { SrpServerInput } from "../../firmware/crypto/index";
import type { Protocomm } from "../../firmware/protocol/protocomm/index";
import { getTestCrypto } from "../../test/xs/shims/crypto-port";
import { Sec2Client } from "../../test/protocol/protocomm/helpers/handshake-clients";
import { runSec1Handshake, runSec2Handshake, sec2Device, TEST_POP, TEST_USERNAME } from "../../test/protocol/protocomm/helpers/handshake-runner";
import { utf8Encode } from "../../firmware/protocol/bytes";

/** A CryptoPort that counts the calls it forwards (hash objects count once per method call). */
function countingCrypto(inner: CryptoPort, counter: { calls: number }): CryptoPort {
  const count = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => {
    counter.calls++;
    return f(...a);
  };
  return {
    random: count(inner.random),
    createHash(algorithm) {
      counter.calls++;
      const h = inner.createHash(algorithm);
      return { update: count(h.update), digest: count(h.digest) };
    },
    hash: count(inner.hash),
    hmac: count(inner.hmac),
    aesCtr(key, iv) {
      counter.calls++;
      const s = inner.aesCtr(key, iv);
      return { process: count(s.process) };
    },
    aesGcmEncrypt: count(inner.aesGcmEncrypt),
    aesGcmDecrypt: count(inner.aesGcmDecrypt),
    ecdsaP256Verify: count(inner.ecdsaP256Verify),
    rsaSign: count(inner.rsaSign),
  };
}

interface Perf { now(): number }
const now = (): number => (globalThis as unknown as { performance: Perf }).performance.now();

function reply(r: ReturnType<Protocomm["handle"]>): Uint8Array {
  if ("close" in r) throw new Error(`device closed: ${r.reason}`);
  return r.body;
}

const req = (body: Uint8Array) => ({ endpoint: "prov-session", body, connectionId: 1 });

/** The steps the host calls; all state lives in this closure. */
function createSteps() {
  const counter = { calls: 0 };
  const crypto = countingCrypto(getTestCrypto(), counter);
  let device: Protocomm | undefined;
  let client: Sec2Client | undefined;
  let c0: Uint8Array | undefined;
  let c1: Uint8Array | undefined;
  let r0: Uint8Array | undefined;
  let r1: Uint8Array | undefined;
  let held: unknown[] = [];
  let srpInput: SrpServerInput | undefined;
  const math = createProvisioningMath(crypto);
  const counted = (f: () => void): number => {
    const before = counter.calls;
    f();
    return counter.calls - before;
  };
  return {
    /** Device-side ms of one sec1 handshake (+ encrypted echo). */
    sec1: (): number => runSec1Handshake(crypto, now).deviceMs,
    /** Device-side ms of one sec2 handshake (+ encrypted echo). */
    sec2: (): number => runSec2Handshake(crypto, now).deviceMs,
    /** Bridged crypto calls of one sec2 handshake, device and client together. */
    sec2CryptoCalls: (): number => counted(() => runSec2Handshake(crypto, now)),
    /** A sec2 device (protocomm + security 2 with salt and verifier derived from the PoP); returns crypto calls. */
    makeDevice: (): number => counted(() => (device = sec2Device(crypto))),
    /** The phone's Command0 (its own SRP values stay alive in `client`). */
    clientCommand0(): void {
      client = new Sec2Client(crypto, utf8Encode(TEST_USERNAME), utf8Encode(TEST_POP));
      c0 = client.command0();
    },
    /** Device handles Command0 (computes B and the whole SRP session); returns crypto calls. */
    deviceCommand0: (): number => counted(() => (r0 = reply(device!.handle(req(c0!))))),
    clientCommand1(): void {
      c1 = client!.command1(r0!);
      c0 = undefined;
      r0 = undefined;
    },
    /** Device handles Command1 (checks the proof, keys AES-GCM); returns crypto calls. */
    deviceCommand1: (): number => counted(() => (r1 = reply(device!.handle(req(c1!))))),
    /** Phone checks the device proof; one encrypted echo each way; drops the phone's state. */
    clientFinish(): boolean {
      const ok = client!.finish(r1!);
      const msg = utf8Encode("ping");
      const echoed = client!.decrypt(reply(device!.handle({ endpoint: "echo", body: client!.encrypt(msg), connectionId: 1 })));
      client = undefined;
      c1 = undefined;
      r1 = undefined;
      return ok && echoed !== undefined && echoed.length === msg.length;
    },
    dropDevice(): void {
      device = undefined;
    },
    /** Inputs for `srpSession` (salt, verifier, a phone's A, b), kept alive. */
    prepareSrp(): void {
      const salt = crypto.random(16);
      const username = utf8Encode(TEST_USERNAME);
      const verifier = deriveSec2Verifier(crypto, username, utf8Encode(TEST_POP), salt);
      const clientPublic = new Sec2Client(crypto, username, utf8Encode(TEST_POP)).publicKey;
      srpInput = { username, salt, verifier, clientPublic, privateValue: crypto.random(32) };
    },
    /** The device's SRP math alone (what sec2 Command0 runs), its session kept alive; returns ms. */
    srpSession(): number {
      const t = now();
      held = [math.srpServerSession(srpInput!)];
      return now() - t;
    },
    /** Keeps `n` distinct 3072-bit bigints alive (measures the heap cost of one). */
    holdBigInts(n: number): number {
      const N = SRP_GROUP_3072.N;
      const values: bigint[] = [];
      for (let i = 1; i <= n; i++) values.push(N - BigInt(i));
      held = values;
      return values.length;
    },
    /** `n` bridged SHA-512 calls of 64 bytes, results dropped (bridge garbage per call). */
    bridgeCalls(n: number): number {
      const data = new Uint8Array(64);
      for (let i = 0; i < n; i++) crypto.hash("SHA-512", data);
      return n;
    },
    /** ms of one firmware `bigIntToBytes` of a 384-byte value (mean of `n`). */
    toBytes(n: number): number {
      const t = now();
      for (let i = 0; i < n; i++) held = [bigIntToBytes(SRP_GROUP_3072.N - BigInt(i))];
      return (now() - t) / n;
    },
    /** ms of one firmware `bytesToBigInt` of 384 bytes (mean of `n`). */
    fromBytes(n: number): number {
      const bytes = bigIntToBytes(SRP_GROUP_3072.N);
      const t = now();
      for (let i = 0; i < n; i++) held = [bytesToBigInt(bytes)];
      return (now() - t) / n;
    },
    /** ms of one firmware `modPow` mod the 3072-bit N with an exponent of `bits` bits (SRP: 256 for b, 512 for u). */
    modPow(bits: number): number {
      const N = SRP_GROUP_3072.N;
      const exponent = (1n << BigInt(bits - 1)) | 0x1234567n;
      const t = now();
      held = [modPow(N - 12345n, exponent, N)];
      return now() - t;
    },
    release(): void {
      held = [];
    },
  };
}

Object.assign(globalThis, { protocommXsBench: createSteps() });

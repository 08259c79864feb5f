/**
 * XS side of bench/protocomm-xs.ts: device-side sec1/sec2 handshakes (the same runners as the Node
 * bench) and a sec2 handshake cut into steps so the host can snapshot the heap between them.
 *
 * Two CryptoPorts: the test bridge (real primitives on the host; used for every timing) and, for
 * heap figures, a stand-in that allocates only its outputs, as Moddable's native crypt/hmac/gcm do
 * on the board. The bridge's hex strings would otherwise dominate the garbage (about 6 slots per
 * byte sent). The stand-in is not cryptography: it is deterministic, so both ends of a handshake
 * agree and it completes. Installs `globalThis.protocommXsBench`.
 */
import type { CryptoPort, HashAlgorithm } from "../../firmware/ports/crypto";
import { bigIntToBytes, bytesToBigInt, createProvisioningMath, deriveSec2Verifier, modPow, SRP_GROUP_3072 } from "../../firmware/crypto/index";
import type { SrpServerInput } from "../../firmware/crypto/index";
import { createSec2 } from "../../firmware/protocol/protocomm/index";
import type { Protocomm } from "../../firmware/protocol/protocomm/index";
import { utf8Encode } from "../../firmware/protocol/bytes";
import { getTestCrypto } from "../../test/xs/shims/crypto-port";
import { Sec2Client } from "../../test/protocol/protocomm/helpers/handshake-clients";
import { runSec1Handshake, runSec2Handshake, sec2Device, TEST_POP, TEST_USERNAME } from "../../test/protocol/protocomm/helpers/handshake-runner";

const DigestLength = Object.freeze({ "SHA-256": 32, "SHA-512": 64 });
const TAG_LENGTH = 16;

/** Folds `data` into `state` in place (stand-in for a digest update; no allocation). */
function fold(state: Uint8Array, data: Uint8Array, salt: number): void {
  let acc = salt & 255;
  for (let i = 0; i < data.length; i++) {
    acc = (acc * 31 + data[i]! + i) & 255;
    const j = i % state.length;
    state[j] = (state[j]! ^ acc) & 255;
  }
}

function keystream(key: Uint8Array, iv: Uint8Array, data: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ key[(offset + i) % key.length]! ^ iv[(offset + i) % iv.length]!;
  return out;
}

/** A CryptoPort whose calls allocate only their results (heap stand-in for native modules; not secure). */
function standInCrypto(): CryptoPort {
  let seed = 0x2545f491;
  const digest = (algorithm: HashAlgorithm, parts: Uint8Array[]): Uint8Array => {
    const state = new Uint8Array(DigestLength[algorithm]);
    parts.forEach((p, i) => fold(state, p, i));
    return state;
  };
  const tag = (key: Uint8Array, iv: Uint8Array, body: Uint8Array): Uint8Array => {
    const t = new Uint8Array(TAG_LENGTH);
    fold(t, key, 1);
    fold(t, iv, 2);
    fold(t, body, 3);
    return t;
  };
  return {
    random(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        out[i] = seed & 255;
      }
      return out;
    },
    createHash(algorithm) {
      const state = new Uint8Array(DigestLength[algorithm]);
      let n = 0;
      return { update: (data) => fold(state, data, n++), digest: () => state.slice() };
    },
    hash: (algorithm, data) => digest(algorithm, [data]),
    hmac: (algorithm, key, data) => digest(algorithm, [key, data]),
    aesCtr(key, iv) {
      let offset = 0;
      return {
        process(data) {
          const out = keystream(key, iv, data, offset);
          offset += data.length;
          return out;
        },
      };
    },
    aesGcmEncrypt(key, iv, plaintext) {
      const out = new Uint8Array(plaintext.length + TAG_LENGTH);
      out.set(keystream(key, iv, plaintext, 0));
      out.set(tag(key, iv, out.subarray(0, plaintext.length)), plaintext.length);
      return out;
    },
    aesGcmDecrypt(key, iv, data) {
      const body = data.subarray(0, data.length - TAG_LENGTH);
      const expected = tag(key, iv, body);
      for (let i = 0; i < TAG_LENGTH; i++) if (expected[i] !== data[body.length + i]) return undefined;
      return keystream(key, iv, body, 0);
    },
    ecdsaP256Verify(): boolean {
      throw new Error("not used by the handshake bench");
    },
    rsaSign(): Uint8Array {
      throw new Error("not used by the handshake bench");
    },
  };
}

/** Counts the calls a CryptoPort forwards (hash and cipher objects count once per method call). */
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

/**
 * A sec2 handshake in steps over one CryptoPort: the phone's steps and the device's steps run in
 * separate cranks; device steps return how many crypto calls they made.
 */
function createSec2Flow(crypto: CryptoPort, counter: { calls: number }) {
  let device: Protocomm | undefined;
  let client: Sec2Client | undefined;
  let c0: Uint8Array | undefined;
  let c1: Uint8Array | undefined;
  let r0: Uint8Array | undefined;
  let r1: Uint8Array | undefined;
  const counted = (f: () => void): number => {
    const before = counter.calls;
    f();
    return counter.calls - before;
  };
  return {
    /** A sec2 device (protocomm + security 2, salt and verifier derived from the PoP). */
    makeDevice: (): number => counted(() => (device = sec2Device(crypto))),
    /** The phone's Command0 (its SRP values stay alive in `client`). */
    clientCommand0(): number {
      client = new Sec2Client(crypto, utf8Encode(TEST_USERNAME), utf8Encode(TEST_POP));
      c0 = client.command0();
      return c0.length;
    },
    /** Device handles Command0: B and the whole SRP session. */
    deviceCommand0: (): number => counted(() => (r0 = reply(device!.handle(req(c0!))))),
    clientCommand1(): number {
      c1 = client!.command1(r0!);
      c0 = undefined;
      r0 = undefined;
      return c1.length;
    },
    /** Device handles Command1: checks the phone's proof, keys AES-GCM. */
    deviceCommand1: (): number => counted(() => (r1 = reply(device!.handle(req(c1!))))),
    /** Phone checks the device proof; one encrypted echo; drops the phone's state. */
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
  };
}

/** The steps the host calls; all state lives in this closure. */
function createSteps() {
  const counter = { calls: 0 };
  const bridged = countingCrypto(getTestCrypto(), counter);
  const standIn = countingCrypto(standInCrypto(), counter);
  const math = createProvisioningMath(standIn);
  let held: unknown[] = [];
  let srpInput: SrpServerInput | undefined;
  return {
    /** Device-side ms of one sec1 handshake (+ encrypted echo), real crypto through the bridge. */
    sec1: (): number => runSec1Handshake(bridged, now).deviceMs,
    /** Device-side ms of one sec2 handshake (+ encrypted echo), real crypto through the bridge. */
    sec2: (): number => runSec2Handshake(bridged, now).deviceMs,
    /** The stepped sec2 handshake with real crypto (timing, bridge round trips). */
    timed: createSec2Flow(bridged, counter),
    /** The stepped sec2 handshake with the stand-in crypto (heap figures). */
    heap: createSec2Flow(standIn, counter),
    /** Inputs for `srpSession` (salt, verifier, a phone's A, b), kept alive. */
    prepareSrp(): void {
      const salt = standIn.random(16);
      const username = utf8Encode(TEST_USERNAME);
      const verifier = deriveSec2Verifier(standIn, username, utf8Encode(TEST_POP), salt);
      const clientPublic = new Sec2Client(standIn, username, utf8Encode(TEST_POP)).publicKey;
      srpInput = { username, salt, verifier, clientPublic, privateValue: standIn.random(32) };
    },
    /** The device's SRP math alone (what sec2 Command0 runs), its session kept alive; returns ms. */
    srpSession(): number {
      const t = now();
      held = [math.srpServerSession(srpInput!)];
      return now() - t;
    },
    /** A fresh security-2 session object before any handshake (closures, nonce), kept alive. */
    emptySec2Session(): void {
      const { salt, verifier } = srpInput!;
      held = [createSec2({ crypto: standIn, math, salt, verifier }).newSession()];
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
    /** Keeps `n` distinct 3072-bit bigints alive (heap cost of one). */
    holdBigInts(n: number): number {
      const values: bigint[] = [];
      for (let i = 1; i <= n; i++) values.push(SRP_GROUP_3072.N - BigInt(i));
      held = values;
      return values.length;
    },
    /** `n` bridged SHA-512 calls of `size` bytes, results dropped (bridge cost per call). */
    bridgeCalls(n: number, size: number): number {
      const data = new Uint8Array(size);
      for (let i = 0; i < n; i++) bridged.hash("SHA-512", data);
      return n;
    },
    release(): void {
      held = [];
    },
  };
}

Object.assign(globalThis, { protocommXsBench: createSteps() });

import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { CredentialsKv, clearCredentials, currentNodeId, loadCredentials, saveCredentials } from "../../../firmware/core/claiming/credentials";
import type { NodeCredentials } from "../../../firmware/core/claiming/credentials";
import { derOctetString, derSequence } from "../../../firmware/protocol/der/writer";
import { powerCutKv } from "./power-cut-kv";
import { bytesEqual } from "../../../firmware/protocol/bytes";
import { crc32 } from "../../../firmware/core/claiming/crc32";

function blob(size: number, seed: number): Uint8Array {
  const body = new Uint8Array(size);
  for (let i = 0; i < size; i++) body[i] = (i * 31 + seed) & 255;
  return derSequence(derOctetString(body));
}

/** Field-by-field equality (bytesEqual is far faster than the XS assert shim's deepEqual on large blobs). */
function assertSameCredentials(actual: NodeCredentials | undefined, expected: NodeCredentials, message?: string): void {
  assert.ok(actual, message);
  assert.equal(actual.nodeId, expected.nodeId, message);
  assert.equal(actual.mqttHost, expected.mqttHost, message);
  assert.equal(actual.mqttPort, expected.mqttPort, message);
  assert.ok(bytesEqual(actual.certificate, expected.certificate), message);
  assert.ok(bytesEqual(actual.privateKey, expected.privateKey), message);
  assert.equal(actual.caCertificate === undefined, expected.caCertificate === undefined, message);
  if (actual.caCertificate && expected.caCertificate) assert.ok(bytesEqual(actual.caCertificate, expected.caCertificate), message);
  assert.equal(actual.chain?.length ?? 0, expected.chain?.length ?? 0, message);
  (expected.chain ?? []).forEach((c, i) => assert.ok(bytesEqual(actual.chain![i], c), message));
}

function creds(seed: number, certSize = 1500, withCa = true): NodeCredentials {
  const c: NodeCredentials = { nodeId: `NODE${seed}`, certificate: blob(certSize, seed), privateKey: blob(1200, seed + 1), mqttHost: "mqtt.local", mqttPort: 8883 };
  if (withCa) c.caCertificate = blob(700, seed + 2);
  return c;
}

describe("claiming/credentials", () => {
  it("round-trips credentials, chunking values over the 4000-byte limit", () => {
    const kv = createMemoryKv();
    const c = creds(1, 9000);
    c.chain = [blob(5000, 7)];
    saveCredentials(kv, c);
    assertSameCredentials(loadCredentials(kv), c);
    for (const key of kv.keys(CredentialsKv.namespace)) assert.ok(key.length <= 15, key);
  });

  it("returns undefined when nothing is stored, and after clearCredentials", () => {
    const kv = createMemoryKv();
    assert.equal(loadCredentials(kv), undefined);
    saveCredentials(kv, creds(2));
    clearCredentials(kv);
    assert.equal(loadCredentials(kv), undefined);
    assert.deepEqual(kv.keys(CredentialsKv.namespace), []);
  });

  it("refuses to store invalid credentials and keeps the old ones", () => {
    const kv = createMemoryKv();
    saveCredentials(kv, creds(3));
    assert.throws(() => saveCredentials(kv, { ...creds(4), nodeId: "" }), /node id/);
    assert.throws(() => saveCredentials(kv, { ...creds(4), certificate: Uint8Array.of(1, 2, 3) }), /DER/);
    assert.throws(() => saveCredentials(kv, { ...creds(4), mqttPort: 70000 }), /port/);
    assert.equal(loadCredentials(kv)?.nodeId, "NODE3");
  });

  it("leaves the old or the new complete set after a power cut at every write", () => {
    const oldCreds = creds(10);
    const newCreds = creds(20, 4500, false);
    for (let cut = 0; ; cut++) {
      const kv = createMemoryKv();
      saveCredentials(kv, oldCreds);
      const flaky = powerCutKv(kv, cut);
      let finished = true;
      try {
        saveCredentials(flaky, newCreds);
      } catch {
        finished = false;
      }
      const after = loadCredentials(kv);
      assert.ok(after, `cut after ${cut} writes lost the credentials`);
      assert.ok(after.nodeId === "NODE10" || after.nodeId === "NODE20");
      assertSameCredentials(after, after.nodeId === "NODE10" ? oldCreds : newCreds, `cut after ${cut} writes`);
      saveCredentials(kv, creds(30));
      assert.equal(loadCredentials(kv)?.nodeId, "NODE30", "a later save works after a torn one");
      if (finished) break;
    }
  });

  it("detects corruption: any changed or missing stored value gives undefined and a log line", () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.boolean(), (pick, pos, remove) => {
      const kv = createMemoryKv();
      saveCredentials(kv, creds(5, 5000));
      const keys = kv.keys(CredentialsKv.namespace).filter((k) => k !== CredentialsKv.current).sort();
      const key = keys[pick % keys.length];
      const value = kv.get(CredentialsKv.namespace, key);
      if (remove) kv.delete(CredentialsKv.namespace, key);
      else if (value instanceof Uint8Array) {
        const bad = value.slice();
        bad[pos % bad.length] ^= 0x40;
        kv.set(CredentialsKv.namespace, key, bad);
      } else kv.set(CredentialsKv.namespace, key, String(value).slice(0, -3));
      const log = createMemoryLog();
      assert.equal(loadCredentials(kv, log), undefined);
      assert.equal(log.find({ level: "error", tag: "claim" }).length, 1);
    }), { numRuns: 100 });
  });

  it("rejects a current-slot key pointing nowhere", () => {
    const kv = createMemoryKv();
    kv.set(CredentialsKv.namespace, CredentialsKv.current, "z");
    const log = createMemoryLog();
    assert.equal(loadCredentials(kv, log), undefined);
    assert.match(log.lines()[0], /current-slot/);
  });
});

describe("claiming/crc32", () => {
  it("matches the IEEE check value and detects any single-bit change", () => {
    assert.equal(crc32(new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39])), 0xcbf43926);
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (data, pos, bit) => {
      const changed = data.slice();
      changed[pos % data.length] ^= 1 << bit;
      assert.notEqual(crc32(changed), crc32(data));
    }), { numRuns: 200 });
  });
});

describe("claiming: currentNodeId", () => {
  it("is the stored credentials' node id, else the MAC as upper-case hex", () => {
    const kv = createMemoryKv();
    const mac = Uint8Array.of(0x24, 0xdc, 0xc3, 0xa1, 0xb2, 0xc3);
    assert.equal(currentNodeId(kv, mac), "24DCC3A1B2C3");
    const stored = creds(7);
    saveCredentials(kv, stored);
    assert.equal(currentNodeId(kv, mac), stored.nodeId);
    clearCredentials(kv);
    assert.equal(currentNodeId(kv, mac), "24DCC3A1B2C3");
  });
});

import assert from "node:assert/strict";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { getTestCrypto } from "../../helpers/crypto-port";
import { fromHex } from "../../../firmware/protocol/bytes";
import { readCertificate } from "../../../firmware/protocol/der/certificate";
import { createClaimManager } from "../../../firmware/core/claiming/claim-manager";
import { loadCredentials, saveCredentials } from "../../../firmware/core/claiming/credentials";
import { selfClaim } from "../../../firmware/core/claiming/self-claim";
import type { KeySource } from "../../../firmware/core/claiming/self-claim";
import { PendingClaimKv } from "../../../firmware/core/claiming/node-key";
import type { KvPort } from "../../../firmware/ports/kv";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import { FACTORY_SECRET_HEX, connectWith, countingHttp, startClaimCloud, stubCa } from "./rig";
import { powerCutKv } from "../../core/claiming/power-cut-kv";

const MAC = "24DCC3A1B2C3";
const crypto = getTestCrypto();

describe("e2e: self claim against the cloud stub", function () {
  this.timeout(120_000);
  let h: CloudHarness;
  before(async () => {
    h = await startClaimCloud([MAC]);
  });
  after(() => h.close());

  function device(kv: KvPort, options: { keySource?: KeySource; secret?: string; baseUrl?: string } = {}) {
    const http = countingHttp();
    const log = createMemoryLog();
    const clock = createManualClock({ epochMs: Date.now() });
    const manager = createClaimManager({
      kv, clock, log, firstRetryMs: 1000, maxRetryMs: 8000,
      flow: () => selfClaim({
        http, crypto, kv, baseUrl: options.baseUrl ?? h.server.urls.https, ca: [stubCa(h)], mac: MAC, platform: "esp32s3",
        factorySecret: fromHex(options.secret ?? FACTORY_SECRET_HEX), keySource: options.keySource ?? "device", now: clock.now(),
      }),
    });
    return { http, log, clock, manager };
  }

  for (const keySource of ["device", "server"] as const) {
    it(`claims with a ${keySource}-generated RSA key, stores it, connects over mTLS, and never claims again`, async () => {
      const kv = createMemoryKv();
      const d = device(kv, { keySource });
      const creds = await d.manager.ensureClaimed();
      assert.equal(creds.nodeId, MAC);
      assert.equal(d.manager.status(), "claimed");
      assert.equal(readCertificate(creds.certificate).commonName, MAC);
      assert.deepEqual(loadCredentials(kv), creds);
      assert.equal(kv.get(PendingClaimKv.namespace, PendingClaimKv.key), undefined);
      assert.ok(creds.caCertificate);
      await connectWith(h, creds);
      const requests = d.http.paths.length;
      const again = device(kv, { keySource });
      assert.deepEqual(await again.manager.ensureClaimed(), creds);
      assert.equal(again.http.paths.length, 0);
      assert.equal(d.http.paths.length, requests);
    });
  }

  it("refuses (no retry loop) when the factory secret is wrong", async () => {
    const kv = createMemoryKv();
    const d = device(kv, { secret: "ff".repeat(16) });
    await assert.rejects(d.manager.ensureClaimed(), (e: Error & { kind?: string; status?: number }) => e.kind === "rejected" && e.status === 401);
    assert.equal(d.manager.status(), "refused");
    assert.equal(d.clock.pendingTimers(), 0);
    assert.deepEqual(d.http.paths, ["/claim/initiate", "/claim/verify"]);
    assert.equal(loadCredentials(kv), undefined);
    assert.ok(d.log.find({ level: "error", tag: "claim", includes: "refused" }).length === 1);
  });

  it("retries an unreachable service with capped exponential backoff", async () => {
    const kv = createMemoryKv();
    const d = device(kv, { baseUrl: "https://127.0.0.1:1" });
    const waits: number[] = [];
    const pending = d.manager.ensureClaimed();
    const settled = pending.then(() => "resolved", (e: Error) => e.message);
    for (let i = 0; i < 6; i++) {
      while (d.manager.nextRetryMs() === undefined) await new Promise((r) => setTimeout(r, 2));
      waits.push(d.manager.nextRetryMs()!);
      if (i < 5) d.clock.advance(d.manager.nextRetryMs()!);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 8000, 8000]);
    assert.equal(d.http.paths.length, 6);
    assert.equal(d.manager.status(), "waiting-retry");
    assert.equal(d.manager.lastError()?.kind, "unreachable");
    d.manager.cancel();
    assert.match(await settled, /cancelled/);
    assert.equal(loadCredentials(kv), undefined);
  });

  it("survives a power cut at every flash write of a claim, reusing the pending key", async () => {
    for (let cut = 0; ; cut++) {
      const flash = createMemoryKv();
      const first = device(powerCutKv(flash, cut));
      let done = false;
      const run = first.manager.ensureClaimed().then(() => {
        done = true;
      }, () => undefined);
      while (!done && first.manager.nextRetryMs() === undefined) await new Promise((r) => setTimeout(r, 2));
      first.manager.cancel();
      await run;
      const stored = loadCredentials(flash);
      const keyBefore = flash.get(PendingClaimKv.namespace, PendingClaimKv.key);
      const rebooted = device(flash);
      const creds = await rebooted.manager.ensureClaimed();
      assert.deepEqual(loadCredentials(flash), creds);
      if (stored) assert.deepEqual(creds, stored, `cut ${cut}: stored credentials were replaced`);
      else if (keyBefore instanceof Uint8Array) assert.deepEqual(creds.privateKey, keyBefore, `cut ${cut}: pending key not reused`);
      assert.equal(flash.get(PendingClaimKv.namespace, PendingClaimKv.key), undefined);
      if (done) break;
    }
  });

  it("never loses the credentials when a renewal is cut by a power loss at any write", async () => {
    const flash = createMemoryKv();
    const old = await device(flash).manager.ensureClaimed();
    const notAfter = readCertificate(old.certificate).notAfter;
    for (let cut = 0; ; cut++) {
      saveCredentials(flash, old);
      const d = device(powerCutKv(flash, cut));
      d.clock.setWallClock(notAfter - 10 * 86400_000);
      const result = await d.manager.renewIfDue();
      const stored = loadCredentials(flash);
      assert.ok(stored, `cut ${cut}: credentials lost`);
      if (result === "renewed") {
        assert.notDeepEqual(stored.certificate, old.certificate);
        break;
      }
      assert.equal(result, "failed");
      assert.deepEqual(stored.certificate, old.certificate, `cut ${cut}: renewal half-applied`);
      assert.deepEqual(stored.privateKey, old.privateKey);
    }
  });

  it("claims again when the stored certificate is corrupted, with a log line", async () => {
    const kv = createMemoryKv();
    const d = device(kv);
    const creds = await d.manager.ensureClaimed();
    const ns = "rmaker_creds";
    const slot = kv.get(ns, "cur") as string;
    const chunk = kv.get(ns, `${slot}b0c0`) as Uint8Array;
    const bad = chunk.slice();
    bad[100] ^= 1;
    kv.set(ns, `${slot}b0c0`, bad);
    const again = device(kv);
    const fresh = await again.manager.ensureClaimed();
    assert.equal(fresh.nodeId, creds.nodeId);
    assert.ok(again.log.find({ level: "error", tag: "claim", includes: "checksum" }).length === 1);
    assert.deepEqual(again.http.paths, ["/claim/initiate", "/claim/verify"]);
  });

  it("renews 30 days before notAfter and keeps the old certificate when renewal fails", async () => {
    const kv = createMemoryKv();
    const d = device(kv);
    const creds = await d.manager.ensureClaimed();
    const notAfter = readCertificate(creds.certificate).notAfter;
    assert.equal(await d.manager.renewIfDue(), "not-due");
    d.clock.setWallClock(notAfter - 29 * 86400_000);
    const renewing = createClaimManager({ kv, clock: d.clock, log: d.log, flow: () => selfClaim({
      http: d.http, crypto, kv, baseUrl: h.server.urls.https, ca: [stubCa(h)], mac: MAC, platform: "esp32s3",
      factorySecret: fromHex(FACTORY_SECRET_HEX), keySource: "device", now: Date.now(),
    }) });
    assert.equal(await renewing.renewIfDue(), "renewed");
    const renewed = loadCredentials(kv)!;
    assert.notDeepEqual(renewed.certificate, creds.certificate);
    assert.notDeepEqual(renewed.privateKey, creds.privateKey);
    await connectWith(h, renewed);
    const failing = createClaimManager({ kv, clock: d.clock, log: d.log, flow: () => Promise.reject(new Error("offline")) });
    d.clock.setWallClock(readCertificate(renewed.certificate).notAfter - 86400_000);
    assert.equal(await failing.renewIfDue(), "failed");
    assert.deepEqual(loadCredentials(kv), renewed);
  });
});

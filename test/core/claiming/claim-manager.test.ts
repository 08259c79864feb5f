import assert from "node:assert/strict";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { createClaimManager } from "../../../firmware/core/claiming/claim-manager";
import type { ClaimFlow } from "../../../firmware/core/claiming/claim-manager";
import { ClaimError } from "../../../firmware/core/claiming/claim-error";
import { loadCredentials, saveCredentials } from "../../../firmware/core/claiming/credentials";
import { readCertificate } from "../../../firmware/protocol/der/certificate";
import { fakeCredentials } from "./fake-certificate";

const DAY = 86400_000;
const NOW = Date.UTC(2026, 0, 1);

const tick = () => new Promise<void>((r) => Promise.resolve().then(() => Promise.resolve()).then(() => r()));

function rig(flow: ClaimFlow, epochMs = NOW) {
  const kv = createMemoryKv();
  const log = createMemoryLog();
  const clock = createManualClock({ epochMs });
  const statuses: string[] = [];
  const manager = createClaimManager({ kv, clock, log, flow, firstRetryMs: 100, maxRetryMs: 1000, onStatus: (s) => statuses.push(s) });
  return { kv, log, clock, manager, statuses };
}

describe("claiming/claim-manager", () => {
  it("reads back the fake certificate's fields", () => {
    const fields = readCertificate(fakeCredentials("N1", NOW + 10 * DAY).certificate);
    assert.equal(fields.commonName, "N1");
    assert.equal(fields.notAfter, NOW + 10 * DAY);
  });

  it("claims once, shares one run between callers, and never claims again while valid", async () => {
    let runs = 0;
    const r = rig(async () => {
      runs++;
      return fakeCredentials("N1", NOW + 365 * DAY);
    });
    const [a, b] = await Promise.all([r.manager.ensureClaimed(), r.manager.ensureClaimed()]);
    assert.deepEqual(a, b);
    assert.equal(runs, 1);
    assert.deepEqual(loadCredentials(r.kv), a);
    await r.manager.ensureClaimed();
    assert.equal(runs, 1);
    assert.equal(r.manager.status(), "claimed");
  });

  it("stops on a refusal without scheduling a retry; reclaim tries again", async () => {
    let fail = true;
    const r = rig(async () => {
      if (fail) throw new ClaimError("rejected", "404 device not registered", 404);
      return fakeCredentials("N2", NOW + 365 * DAY);
    });
    await assert.rejects(r.manager.ensureClaimed(), /not registered/);
    assert.equal(r.manager.status(), "refused");
    assert.equal(r.clock.pendingTimers(), 0);
    fail = false;
    assert.equal((await r.manager.reclaim()).nodeId, "N2");
  });

  it("waits at least Retry-After on 429, capped by the maximum backoff", async () => {
    let runs = 0;
    const r = rig(async () => {
      runs++;
      if (runs === 1) throw new ClaimError("rate-limited", "429", 429, 600);
      if (runs === 2) throw new ClaimError("rate-limited", "429", 429, 60_000);
      return fakeCredentials("N3", NOW + 365 * DAY);
    });
    const done = r.manager.ensureClaimed();
    await tick();
    assert.equal(r.manager.nextRetryMs(), 600);
    r.clock.advance(600);
    await tick();
    assert.equal(r.manager.nextRetryMs(), 1000);
    r.clock.advance(1000);
    assert.equal((await done).nodeId, "N3");
    assert.equal(runs, 3);
    assert.equal(r.log.find({ level: "warn", tag: "claim" }).length, 2);
  });

  it("renews inside the window only, keeps the credentials on failure or a foreign node id", async () => {
    let next = fakeCredentials("N4", NOW + 400 * DAY, 2);
    const r = rig(async () => next);
    saveCredentials(r.kv, fakeCredentials("N4", NOW + 31 * DAY, 1));
    assert.equal(await r.manager.renewIfDue(), "not-due");
    r.clock.setWallClock(NOW + 2 * DAY);
    next = fakeCredentials("OTHER", NOW + 400 * DAY, 3);
    assert.equal(await r.manager.renewIfDue(), "failed");
    assert.equal(loadCredentials(r.kv)?.nodeId, "N4");
    next = fakeCredentials("N4", NOW + 400 * DAY, 2);
    assert.equal(await r.manager.renewIfDue(), "renewed");
    assert.equal(readCertificate(loadCredentials(r.kv)!.certificate).notAfter, NOW + 400 * DAY);
  });

  it("does not renew while the wall clock is unsynced", async () => {
    const r = rig(async () => fakeCredentials("N5", 400 * DAY), 0);
    saveCredentials(r.kv, fakeCredentials("N5", DAY));
    assert.equal(await r.manager.renewIfDue(), "not-due");
  });

  it("checks for renewal daily and hands the renewed credentials over once", async () => {
    const r = rig(async () => fakeCredentials("N6", NOW + 400 * DAY, 2));
    saveCredentials(r.kv, fakeCredentials("N6", NOW + 40 * DAY, 1));
    const renewed: string[] = [];
    const stop = r.manager.startRenewalChecks((c) => renewed.push(c.nodeId), DAY);
    await tick();
    assert.deepEqual(renewed, []);
    for (let day = 0; day < 12; day++) {
      r.clock.advance(DAY);
      await tick();
      await tick();
    }
    assert.deepEqual(renewed, ["N6"]);
    assert.equal(readCertificate(loadCredentials(r.kv)!.certificate).notAfter, NOW + 400 * DAY);
    stop();
    assert.equal(r.clock.pendingTimers(), 0);
  });
});

import assert from "node:assert/strict";
import { createNodeRuntime, node, PARAM_NAMESPACE, posixForTz } from "../../firmware/core";
import { standardService } from "../../firmware/protocol/rainmaker/catalog";
import { createMemoryKv } from "../../host-sim/fakes/kv";
import { createRig } from "./rig";

describe("core: System service [spec 9.7]", () => {
  it("a true write is echoed as true and the action runs after the delay", () => {
    const rig = createRig();
    const done: string[] = [];
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withSystemService(), {
      ...rig, systemDelayMs: 2000, system: { reboot: () => done.push("reboot"), factoryReset: () => done.push("reset"), wifiReset: () => done.push("wifi") },
    });
    rt.start();
    const result = rt.apply({ accepted: { System: { "Reboot": true, "Wi-Fi-Reset": false } }, rejected: [] });
    assert.deepEqual(result.echo, { System: { "Reboot": true, "Wi-Fi-Reset": false } });
    rig.clock.advance(1999);
    assert.deepEqual(done, []);
    rig.clock.advance(1);
    assert.deepEqual(done, ["reboot"]);
    assert.equal(rt.get("System", "Reboot"), true);
  });

  it("a param without an action is rejected and nothing is scheduled", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withSystemService(), { ...rig, system: { reboot: () => {} } });
    rt.start();
    const result = rt.apply({ accepted: { System: { "Factory-Reset": true } }, rejected: [] });
    assert.deepEqual(result.echo, {});
    assert.match(result.rejected[0]!.reason, /no such action/);
    assert.equal(rig.clock.pendingTimers(), 0);
  });

  it("an action that throws is logged", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withSystemService({ reboot: true }), {
      ...rig, system: { reboot: () => { throw new Error("no power"); } },
    });
    rt.start();
    rt.apply({ accepted: { System: { Reboot: true } }, rejected: [] });
    assert.doesNotThrow(() => rig.clock.advance(5000));
    assert.equal(rig.log.find({ level: "error", includes: "no power" }).length, 1);
  });
});

describe("core: Time service [spec 9.4]", () => {
  it("writing TZ also sets and echoes TZ-POSIX and applies it", () => {
    const rig = createRig();
    const applied: string[] = [];
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withTimeService(), { ...rig, onTimezone: (posix) => applied.push(posix) });
    rt.start();
    const result = rt.apply({ accepted: { Time: { TZ: "Europe/Berlin" } }, rejected: [] });
    assert.deepEqual(result.echo, { Time: { "TZ": "Europe/Berlin", "TZ-POSIX": "CET-1CEST,M3.5.0,M10.5.0/3" } });
    assert.deepEqual(applied, ["CET-1CEST,M3.5.0,M10.5.0/3"]);
  });

  it("an explicit TZ-POSIX in the same write wins; an unknown TZ keeps TZ-POSIX", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withTimeService(), rig);
    rt.start();
    assert.deepEqual(rt.apply({ accepted: { Time: { "TZ": "Asia/Kolkata", "TZ-POSIX": "XYZ-1" } }, rejected: [] }).echo, { Time: { "TZ": "Asia/Kolkata", "TZ-POSIX": "XYZ-1" } });
    assert.deepEqual(rt.apply({ accepted: { Time: { TZ: "Mars/Olympus" } }, rejected: [] }).echo, { Time: { TZ: "Mars/Olympus" } });
    assert.equal(rt.get("Time", "TZ-POSIX"), "XYZ-1");
    assert.equal(rig.log.find({ level: "info", tag: "time" }).length, 1);
  });

  it("persists TZ and TZ-POSIX and applies the stored rule at boot", () => {
    const kv = createMemoryKv();
    const first = createNodeRuntime(node({ name: "N", type: "T" }).withTimeService(), createRig(kv));
    first.start();
    first.apply({ accepted: { Time: { TZ: "America/New_York" } }, rejected: [] });
    assert.equal(Object.keys(kv.snapshot()[PARAM_NAMESPACE]!).length, 2);
    const applied: Array<[string, string | undefined]> = [];
    const second = createNodeRuntime(node({ name: "N", type: "T" }).withTimeService(), { ...createRig(kv), onTimezone: (p, tz) => applied.push([p, tz]) });
    second.start();
    assert.deepEqual(applied, [["EST5EDT,M3.2.0,M11.1.0", "America/New_York"]]);
  });

  it("the table answers only for names it has", () => {
    assert.equal(posixForTz("Asia/Kolkata"), "IST-5:30");
    assert.equal(posixForTz("toString"), undefined);
  });
});

describe("core: services added by the agent", () => {
  it("appear after the app's services, start from the given values, and take writes through their handler", () => {
    const rig = createRig();
    const seen: string[] = [];
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withSystemService({ reboot: true }), {
      ...rig,
      services: [
        { description: standardService("localControl"), initial: { POP: "1a2b3c4d", Type: 1 } },
        {
          description: standardService("groups"),
          write(changed, source) {
            seen.push(`${String(changed.get("GroupID"))}/${source}`);
            return changed;
          },
        },
      ],
    });
    rt.start();
    assert.deepEqual(rt.describe("n").services.map((s) => s.name), ["System", "Local Control", "Groups"]);
    assert.deepEqual(rt.fullReport()["Local Control"], { POP: "1a2b3c4d", Type: 1 });
    assert.deepEqual(rt.apply({ accepted: { "Groups": { GroupID: "g1" }, "Local Control": { POP: "x" } }, rejected: [] }).echo, { Groups: { GroupID: "g1" } });
    assert.deepEqual(seen, ["g1/cloud"]);
  });

  it("update() sets read-only params from the firmware side, validated, into the next delta", () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "T" }), { ...rig, services: [{ description: standardService("ota") }] });
    rt.start();
    assert.equal(rt.update("OTA", "Status", "in-progress"), true);
    assert.equal(rt.update("OTA", "Status", 5 as never), false);
    assert.equal(rt.update("OTA", "Nope", "x"), false);
    assert.deepEqual(rt.takeDelta(), { OTA: { Status: "in-progress" } });
    assert.equal(rig.log.find({ level: "warn", includes: "refused" }).length, 2);
  });

  it("a service name used twice is a build error", () => {
    assert.throws(() => createNodeRuntime(node({ name: "N", type: "T" }).withTimeService(), { ...createRig(), services: [{ description: standardService("time") }] }), /already used/);
  });
});

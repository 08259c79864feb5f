import assert from "node:assert/strict";
import {
  CONFIG_VERSION, DeviceType, ParamType, ServiceType, StandardDevices, StandardParams, StandardServices, UiType,
  standardDevice, standardParam, standardService,
} from "../../../firmware/protocol/rainmaker/catalog";

describe("protocol/rainmaker/catalog", () => {
  it("defines each type string once, with the right prefix", () => {
    const groups: [Record<string, string>, string][] = [
      [DeviceType, "esp.device."], [UiType, "esp.ui."], [ServiceType, "esp.service."], [ParamType, "esp.param."],
    ];
    const seen = new Set<string>();
    for (const [table, prefix] of groups) {
      assert.ok(Object.isFrozen(table));
      for (const v of Object.values(table)) {
        assert.ok(v.startsWith(prefix), v);
        assert.ok(!seen.has(v), `duplicate ${v}`);
        seen.add(v);
      }
    }
    assert.equal(Object.keys(DeviceType).length, 21);
    assert.equal(Object.keys(UiType).length, 10);
    assert.equal(Object.keys(ServiceType).length, 11);
    assert.equal(Object.keys(ParamType).length, 36);
    assert.equal(CONFIG_VERSION, "2020-03-20");
  });

  it("has frozen standard tables", () => {
    assert.ok(Object.isFrozen(StandardParams.brightness.bounds));
    assert.ok(Object.isFrozen(StandardServices.time.params));
    assert.equal(Reflect.set(StandardParams.power, "name", "x"), false);
    assert.equal(StandardParams.power.name, "Power");
  });

  it("standardParam copies the SDK defaults and applies overrides", () => {
    const b = standardParam("brightness");
    assert.deepEqual(b, {
      name: "Brightness", type: "esp.param.brightness", dataType: "int", properties: { read: true, write: true },
      bounds: { min: 0, max: 100, step: 1 }, uiType: "esp.ui.slider",
    });
    b.bounds!.max = 5;
    assert.equal(StandardParams.brightness.bounds.max, 100);
    const n = standardParam("name", { name: "Label" });
    assert.equal(n.name, "Label");
    assert.equal(n.properties.persist, true);
    const t = standardParam("temperature", { properties: { write: true } });
    assert.deepEqual(t.properties, { read: true, write: true, timeSeries: true });
    assert.deepEqual(standardParam("schedules").bounds, { max: 10 });
  });

  it("builds standard devices and services", () => {
    const d = standardDevice("temperatureSensor", "Temp");
    assert.equal(d.primary, "Temperature");
    assert.deepEqual(d.params.map((p) => p.name), ["Name", "Temperature"]);
    const t = standardService("time", { params: ["tz", "tzPosix", "timestamp"] });
    assert.deepEqual(t.params.map((p) => p.name), ["TZ", "TZ-POSIX", "Timestamp"]);
    assert.equal(t.attributes, undefined);
    assert.deepEqual(standardService("schedule").attributes, [{ name: "daylight_support", value: "yes" }]);
    assert.throws(() => standardService("time", { params: ["power"] }), /does not belong/);
    assert.deepEqual(Object.values(StandardServices).map((s) => s.name),
      ["OTA", "Time", "Schedule", "Scenes", "System", "Local Control", "RMUserAuth", "Groups", "Connectivity"]);
    assert.equal(StandardDevices.fan.type, DeviceType.Fan);
  });
});

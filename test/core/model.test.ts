import assert from "node:assert/strict";
import { DeviceType, ParamType, StandardParams, UiType } from "../../firmware/protocol/rainmaker/catalog";
import { createNodeRuntime, defineDriver, device, devices, node, param, params } from "../../firmware/core";
import { createRig } from "./rig";

const lamp = defineDriver({
  device: devices.lightbulb({ brightness: 25 }),
  io: { led: "pwm" },
  write() {},
});
const plug = defineDriver({ device: devices.switch, io: { relay: "digital-out" }, write() {} });
const thermometer = defineDriver({ device: devices.temperatureSensor(), io: {}, sample: () => ({ temperature: 24.5 }) });

describe("core model: params and devices", () => {
  it("standard params carry the catalog's type, data type, properties, bounds and UI [spec 1.7]", () => {
    const b = params.brightness(40);
    assert.equal(b.initial, 40);
    assert.deepEqual(b.description, {
      name: "Brightness", type: ParamType.Brightness, dataType: "int", properties: { read: true, write: true },
      bounds: { min: 0, max: 100, step: 1 }, uiType: UiType.Slider,
    });
    assert.equal(params.power().description.uiType, UiType.Toggle);
    assert.deepEqual(params.temperature(1.5).description.properties, { read: true, write: false, timeSeries: true });
    assert.equal(params.name("Lamp").description.properties.persist, true);
    assert.equal(params.cct().description.bounds?.step, StandardParams.cct.bounds.step);
  });

  it("overrides a standard param's name and persistence", () => {
    const p = params.power(true, { name: "Relay", persist: true });
    assert.equal(p.description.name, "Relay");
    assert.equal(p.description.type, ParamType.Power);
    assert.equal(p.description.properties.persist, true);
  });

  it("the generic constructor builds custom params and rejects bad declarations", () => {
    const mode = param("Mode", "string", "eco", { validStrs: ["eco", "boost"], uiType: UiType.Dropdown, persist: true });
    assert.deepEqual(mode.description, {
      name: "Mode", dataType: "string", properties: { read: true, write: true, persist: true }, validStrs: ["eco", "boost"], uiType: UiType.Dropdown,
    });
    assert.throws(() => param("Mode", "string", "turbo", { validStrs: ["eco"] }), /initial value "turbo" is not one of/);
    assert.throws(() => params.int("Level", 11, { bounds: { min: 0, max: 10 } }), /above the maximum 10/);
    assert.throws(() => params.int("Level", 1.5), /is not an int/);
    assert.throws(() => params.float("X", Number.NaN), /not a finite number/);
    assert.throws(() => params.bool("", false), /non-empty/);
    assert.throws(() => params.bool("B", false, { readOnly: true, writeOnly: true }), /exclude/);
  });

  it("declarations are frozen", () => {
    const p = params.array("List", [1, 2]);
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.description) && Object.isFrozen(p.initial));
  });

  it("lightbulb options add exactly the params asked for", () => {
    assert.deepEqual(Object.keys(devices.lightbulb().params), ["power"]);
    const full = devices.lightbulb({ brightness: true, hue: 120, saturation: true, cct: 3000, intensity: false });
    assert.deepEqual(Object.keys(full.params), ["power", "brightness", "hue", "saturation", "cct"]);
    assert.equal(full.params.hue.initial, 120);
    assert.equal(full.params.cct.initial, 3000);
    assert.equal(full.type, DeviceType.Lightbulb);
    assert.equal(full.primary, "power");
    assert.deepEqual(Object.keys(devices.fan({ speed: 3 }).params), ["power", "speed"]);
  });

  it("the generic device constructor checks the primary key", () => {
    assert.throws(() => device("esp.device.other", { a: params.bool("A", false) }, { primary: "b" }), /primary "b"/);
  });

  it("defineDriver refuses the reserved key name and a bad poll period", () => {
    assert.throws(() => defineDriver({ device: devices.switch, params: { name: params.string("N", "") }, io: {} }), /reserved/);
    assert.throws(() => defineDriver({ device: devices.switch, io: {}, pollMs: 0 }), /pollMs/);
  });
});

describe("core model: node builder and description", () => {
  it("refuses duplicate, empty and reserved device names", () => {
    const base = node({ name: "N", type: "T" }).add(plug, { name: "A", io: { relay: { pin: 1 } } });
    assert.throws(() => base.add(plug, { name: "A", io: { relay: { pin: 2 } } }), /used twice/);
    assert.throws(() => base.add(plug, { name: "", io: { relay: { pin: 2 } } }), /non-empty/);
    assert.throws(() => base.add(plug, { name: "System", io: { relay: { pin: 2 } } }), /reserved/);
    assert.throws(() => node({ name: "", type: "T" }), /node name/);
  });

  it("is immutable: add returns a new app", () => {
    const a = node({ name: "N", type: "T" });
    const b = a.add(plug, { name: "A", io: { relay: { pin: 1 } } });
    assert.equal(a.instances.length, 0);
    assert.equal(b.instances.length, 1);
  });

  it("describes devices and services like the SDK's multi-device example [spec 1.4-1.6]", () => {
    const app = node({ name: "Desk Node", type: "Multi Device" })
      .add(lamp, { name: "Light", io: { led: { pin: 2 } }, attributes: [{ name: "Serial Number", value: "012345" }] })
      .add(plug, { name: "Switch", io: { relay: { pin: 4 } } })
      .add(thermometer, { name: "Temperature Sensor", io: {} })
      .withTimeService()
      .withSystemService();
    const rig = createRig();
    const rt = createNodeRuntime(app, rig);
    const d = rt.describe("T7x9Qm2LkPzR4vW8nB3cYd", { model: "xs_rmaker", projectName: "xs_rmaker" });
    assert.deepEqual(d.info, { name: "Desk Node", fwVersion: "1.0.0", type: "Multi Device", model: "xs_rmaker", projectName: "xs_rmaker", platform: "esp32" });
    assert.deepEqual(d.devices.map((x) => [x.name, x.type, x.primary]), [
      ["Light", DeviceType.Lightbulb, "Power"],
      ["Switch", DeviceType.Switch, "Power"],
      ["Temperature Sensor", DeviceType.TemperatureSensor, "Temperature"],
    ]);
    assert.deepEqual(d.devices[0]!.attributes, [{ name: "Serial Number", value: "012345" }]);
    assert.deepEqual(d.devices[0]!.params.map((p) => p.name), ["Name", "Power", "Brightness"]);
    assert.deepEqual(d.devices[0]!.params[0], { name: "Name", type: ParamType.Name, dataType: "string", properties: { read: true, write: true, persist: true } });
    assert.deepEqual(d.services.map((s) => [s.name, s.params.map((p) => p.name)]), [
      ["Time", ["TZ", "TZ-POSIX"]],
      ["System", ["Reboot", "Factory-Reset", "Wi-Fi-Reset"]],
    ]);
    assert.deepEqual(rt.fullReport(), {
      "Light": { Name: "Light", Power: false, Brightness: 25 },
      "Switch": { Name: "Switch", Power: false },
      "Temperature Sensor": { Name: "Temperature Sensor", Temperature: 0 },
      "Time": { "TZ": "", "TZ-POSIX": "" },
      "System": { "Reboot": false, "Factory-Reset": false, "Wi-Fi-Reset": false },
    });
  });

  it("a description is a fresh copy each time", () => {
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).add(plug, { name: "A", io: { relay: { pin: 1 } } }), createRig());
    const first = rt.describe("n1");
    first.devices[0]!.params[1]!.name = "Hacked";
    assert.equal(rt.describe("n1").devices[0]!.params[1]!.name, "Power");
  });

  it("the System service can offer a subset of its params", () => {
    const rt = createNodeRuntime(node({ name: "N", type: "T" }).withSystemService({ reboot: true }), createRig());
    assert.deepEqual(rt.describe("n").services[0]!.params.map((p) => p.name), ["Reboot"]);
    assert.throws(() => node({ name: "N", type: "T" }).withSystemService({ reboot: false }), /at least one/);
  });
});

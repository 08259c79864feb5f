import assert from "node:assert/strict";
import fc from "fast-check";
import { controlKind, dropdownOptions, hasChart, unitOf } from "../../dashboard/src/model/control-kind";
import { sanitizeConfig } from "../../dashboard/src/model/node-config";
import type { ParamConfig } from "../../dashboard/src/model/node-config";

const rw = ["read", "write"];
const param = (p: Partial<ParamConfig>): ParamConfig => ({ name: "P", data_type: "int", properties: rw, ...p });

describe("dashboard: control chosen from the node config [spec 1.5, 1.7]", () => {
  it("maps the UI types of the spec's standard params to their controls", () => {
    const cases: [Partial<ParamConfig>, string][] = [
      [{ type: "esp.param.power", data_type: "bool", ui_type: "esp.ui.toggle" }, "toggle"],
      [{ type: "esp.param.brightness", bounds: { min: 0, max: 100, step: 1 }, ui_type: "esp.ui.slider" }, "slider"],
      [{ type: "esp.param.hue", bounds: { min: 0, max: 360, step: 1 }, ui_type: "esp.ui.hue-slider" }, "hue-slider"],
      [{ type: "esp.param.hue", ui_type: "esp.ui.hue-circle" }, "hue-slider"],
      [{ type: "esp.param.direction", bounds: { min: 0, max: 1, step: 1 }, ui_type: "esp.ui.dropdown" }, "dropdown"],
      [{ data_type: "string", valid_strs: ["Auto", "Cool"], ui_type: "esp.ui.dropdown" }, "dropdown"],
      [{ data_type: "bool", ui_type: "esp.ui.push-btn-big" }, "push-button"],
      [{ data_type: "bool", ui_type: "esp.ui.trigger" }, "push-button"],
      [{ data_type: "string", ui_type: "esp.ui.text" }, "text"],
      [{ data_type: "string", ui_type: "esp.ui.hidden" }, "hidden"],
      [{ type: "esp.param.temperature", data_type: "float", properties: ["read", "time_series"], ui_type: "esp.ui.text" }, "readout"],
      [{ type: "esp.param.schedules", data_type: "array", bounds: { max: 10 } }, "json"],
      [{ type: "esp.param.local_control_pop", data_type: "string", properties: ["read"] }, "readout"],
    ];
    for (const [p, kind] of cases) assert.equal(controlKind(param(p)), kind, JSON.stringify(p));
  });

  it("falls back by data type when the UI type is unknown or does not fit", () => {
    assert.equal(controlKind(param({ data_type: "bool", ui_type: "esp.ui.future-knob" })), "toggle");
    assert.equal(controlKind(param({ data_type: "int", bounds: { min: 0, max: 9 }, ui_type: "x.y" })), "slider");
    assert.equal(controlKind(param({ data_type: "float", ui_type: "esp.ui.slider" })), "number", "slider without bounds");
    assert.equal(controlKind(param({ data_type: "string", ui_type: "esp.ui.toggle" })), "text");
    assert.equal(controlKind(param({ data_type: "string", valid_strs: ["a"] })), "dropdown");
    assert.equal(controlKind(param({ data_type: "object", ui_type: "esp.ui.slider" })), "json");
    assert.equal(controlKind(param({ data_type: "invalid" })), "readout");
  });

  it("lists int dropdown choices by step, charts time-series numbers and knows units", () => {
    assert.deepEqual(dropdownOptions(param({ bounds: { min: 0, max: 10, step: 5 } })), [0, 5, 10]);
    assert.deepEqual(dropdownOptions(param({ data_type: "string", valid_strs: ["a", "b"] })), ["a", "b"]);
    assert.equal(hasChart(param({ data_type: "float", properties: ["read", "time_series"] })), true);
    assert.equal(hasChart(param({ data_type: "float", properties: ["read", "simple_ts"] })), true);
    assert.equal(hasChart(param({ data_type: "string", properties: ["read", "simple_ts"] })), false);
    assert.equal(unitOf(param({ type: "esp.param.temperature" })), "°C");
    assert.equal(unitOf(param({ type: "esp.param.cct" })), "K");
    assert.equal(unitOf(param({})), "");
  });

  it("reads any JSON as a config without throwing and picks a control for every param it keeps", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ devices: fc.array(fc.record({ name: fc.string(), params: fc.array(fc.dictionary(fc.constantFrom("name", "data_type", "properties", "bounds", "ui_type", "valid_strs"), fc.jsonValue())) })) })), (raw) => {
        const config = sanitizeConfig(raw);
        for (const d of config.devices ?? []) {
          for (const p of d.params ?? []) {
            assert.equal(typeof p.name, "string");
            assert.ok(Array.isArray(p.properties));
            controlKind(p);
            dropdownOptions(p);
          }
        }
      }),
    );
  });
});

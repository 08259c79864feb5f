import assert from "node:assert/strict";
import fc from "fast-check";
import { readConfigIntegers } from "../../firmware/platform/moddable/config-integers";

describe("platform/moddable readConfigIntegers (example pins from manifest config)", () => {
  it("reads a nested section, hex strings included", () => {
    const config = { pins: { red: 25, button: 0 }, i2c: { address: "0x44", data: "21" } };
    assert.deepEqual(readConfigIntegers(config, "pins", ["red", "button"]), { red: 25, button: 0 });
    assert.deepEqual(readConfigIntegers(config, "i2c", ["address", "data"]), { address: 0x44, data: 21 });
  });

  it("lets a flat mcconfig command-line key override the manifest", () => {
    const config = { pins: { red: 25 }, "pins.red": "12" };
    assert.equal(readConfigIntegers(config, "pins", ["red"]).red, 12);
  });

  it("returns a frozen table", () => {
    assert.ok(Object.isFrozen(readConfigIntegers({ pins: { a: 1 } }, "pins", ["a"])));
  });

  it("names the key when a value is missing or not a non-negative integer", () => {
    assert.throws(() => readConfigIntegers({}, "pins", ["red"]), /manifest config "pins\.red": expected a non-negative integer \(missing\)/);
    for (const bad of [-1, 2.5, "x", "", null, true, [], {}, "1e3", Number.NaN]) {
      assert.throws(() => readConfigIntegers({ pins: { red: bad } }, "pins", ["red"]), /"pins\.red"/, String(bad));
    }
  });

  it("never returns anything but non-negative integers, whatever the config holds", () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (pins, flat) => {
      const names = Object.keys(pins);
      try {
        const out = readConfigIntegers({ pins, "pins.x": flat }, "pins", names);
        for (const name of names) assert.ok(Number.isInteger(out[name]) && out[name]! >= 0);
      } catch (err) {
        assert.match((err as Error).message, /^manifest config "pins\./);
      }
    }));
  });
});

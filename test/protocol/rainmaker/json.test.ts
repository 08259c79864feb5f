import assert from "node:assert/strict";
import fc from "fast-check";
import { anyString } from "./fixtures/arbitraries";
import { readJson } from "../../../firmware/protocol/rainmaker/json-reader";
import { JsonWriter, jsonFloat, jsonInt, jsonParamValue, jsonString, jsonValue } from "../../../firmware/protocol/rainmaker/json-writer";

const DEEP = { maxDepth: 64 };


describe("protocol/rainmaker/json-writer", () => {
  it("escapes strings so JSON.parse reads them back", () => {
    assert.equal(jsonString('a"b\\c\n\t\u0000\u001f\u007f\u00e9'), '"a\\"b\\\\c\\n\\t\\u0000\\u001f\u007f\u00e9"');
    fc.assert(fc.property(anyString(), (s) => {
      assert.equal(JSON.parse(jsonString(s)), s);
    }));
    assert.equal(jsonString("\ud800"), '"\\ud800"');
    assert.equal(JSON.parse(jsonString("x\udc00\ud83d\ude00")), "x\udc00\ud83d\ude00");
  });

  it("prints floats as %.5f and ints as %d", () => {
    assert.equal(jsonFloat(24.5), "24.50000");
    assert.equal(jsonFloat(-0.125), "-0.12500");
    assert.equal(jsonFloat(0), "0.00000");
    assert.equal(jsonFloat(1 / 3), "0.33333");
    assert.equal(jsonFloat(2 / 3), "0.66667");
    assert.equal(jsonFloat(NaN), "null");
    assert.equal(jsonInt(60), "60");
    assert.equal(jsonInt(-7.9), "-7");
    assert.equal(jsonInt(-0), "0");
    assert.equal(jsonInt(Infinity), "null");
  });

  it("formats param values by data type", () => {
    assert.equal(jsonParamValue("bool", true), "true");
    assert.equal(jsonParamValue("int", 3), "3");
    assert.equal(jsonParamValue("float", 3), "3.00000");
    assert.equal(jsonParamValue("string", "x"), '"x"');
    assert.equal(jsonParamValue("object", { a: [1, { b: null }] }), '{"a":[1,{"b":null}]}');
    assert.equal(jsonParamValue("array", []), "[]");
    assert.equal(jsonParamValue("bool", "true"), "null");
    assert.equal(jsonParamValue("array", {}), "null");
  });

  it("jsonValue agrees with JSON.stringify", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      assert.equal(jsonValue(v as never), JSON.stringify(v));
    }));
  });

  it("JsonWriter places commas and keeps key order", () => {
    const w = new JsonWriter();
    w.beginObject().keyString("b", "1").key("a").beginArray().int(1).float(2).beginObject().endObject().beginArray().endArray().endArray()
      .key("c").bool(false).key("d").raw("null").endObject();
    assert.equal(w.toString(), '{"b":"1","a":[1,2.00000,{},[]],"c":false,"d":null}');
  });
});

describe("protocol/rainmaker/json-reader", () => {
  it("agrees with JSON.parse on valid JSON", () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (text) => {
      const r = readJson(text, DEEP);
      if (!r.ok) {
        // The only valid JSON we refuse is an object with a repeated key.
        assert.match(r.error, /duplicate key/);
        return;
      }
      assert.equal(JSON.stringify(r.value), JSON.stringify(JSON.parse(text)));
    }));
  });

  it("refuses what JSON.parse refuses", () => {
    fc.assert(fc.property(fc.string(), (text) => {
      let valid = true;
      try { JSON.parse(text); } catch { valid = false; }
      const r = readJson(text, DEEP);
      if (!valid) assert.equal(r.ok, false, text);
    }), { numRuns: 500 });
    for (const t of ["", " ", "01", "1.", ".5", "-", "1e", "+1", "[1,]", '{"a":1,}', "{'a':1}", '"\\x"', '"\\u12g4"', "tru", "nul", "[", "NaN", '"a\nb"', "1 2"]) {
      assert.equal(readJson(t, DEEP).ok, false, JSON.stringify(t));
    }
  });

  it("bounds depth and creates prototype-free objects", () => {
    assert.equal(readJson("[[[]]]", { maxDepth: 3 }).ok, true);
    const r = readJson("[[[[]]]]", { maxDepth: 3 });
    assert.ok(!r.ok && /nesting deeper than 3/.test(r.error));
    assert.equal(readJson("[".repeat(100000), { maxDepth: 16 }).ok, false);
    const p = readJson('{"__proto__":{"polluted":true},"constructor":1}', DEEP);
    assert.ok(p.ok);
    const o = p.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(o), null);
    assert.deepEqual(Object.keys(o), ["__proto__", "constructor"]);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  it("reports numbers written with a fraction or exponent, with their path", () => {
    const seen: string[] = [];
    const r = readJson('{"a":{"b":1.0,"c":2,"d":[3e0,4]},"e":-5E-1}', { maxDepth: 8, onNonIntegerLiteral: (p) => seen.push(p.join("/")) });
    assert.ok(r.ok);
    assert.deepEqual(seen, ["a/b", "a/d/0", "e"]);
  });

  it("decodes escapes and surrogate pairs", () => {
    const r = readJson('"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\"\\\\"', DEEP);
    assert.ok(r.ok);
    assert.equal(r.value, "\u00e9\ud83d\ude00/\b\f\n\r\t\"\\");
  });
});

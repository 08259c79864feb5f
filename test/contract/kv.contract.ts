import assert from "node:assert/strict";
import fc from "fast-check";
import type { KvPort } from "../../firmware/ports/kv";
import { KV_LIMITS } from "../../firmware/protocol/limits";

function assertKvError(fn: () => void, code: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof Error, "throws an Error");
    assert.equal((error as { code?: string }).code, code);
    return true;
  });
}

/** KvPort contract: limits, types round-trip, copy semantics, keys/delete. */
export function kvContract(name: string, makeKv: () => KvPort): void {
  describe(`KvPort contract: ${name}`, () => {
    let kv: KvPort;
    beforeEach(() => {
      kv = makeKv();
    });

    it("round-trips booleans, int32 integers, strings and bytes", () => {
      kv.set("ns", "b", true);
      kv.set("ns", "f", false);
      kv.set("ns", "i", -42);
      kv.set("ns", "max", KV_LIMITS.maxInt);
      kv.set("ns", "min", KV_LIMITS.minInt);
      kv.set("ns", "s", "héllo ✓");
      kv.set("ns", "e", "");
      kv.set("ns", "u", new Uint8Array([0, 1, 255]));
      assert.equal(kv.get("ns", "b"), true);
      assert.equal(kv.get("ns", "f"), false);
      assert.equal(kv.get("ns", "i"), -42);
      assert.equal(kv.get("ns", "max"), KV_LIMITS.maxInt);
      assert.equal(kv.get("ns", "min"), KV_LIMITS.minInt);
      assert.equal(kv.get("ns", "s"), "héllo ✓");
      assert.equal(kv.get("ns", "e"), "");
      const bytes = kv.get("ns", "u");
      assert.ok(bytes instanceof Uint8Array);
      assert.deepEqual(Array.from(bytes), [0, 1, 255]);
    });

    it("returns undefined for absent keys and namespaces", () => {
      assert.equal(kv.get("nothing", "here"), undefined);
      kv.set("ns", "a", 1);
      assert.equal(kv.get("ns", "b"), undefined);
    });

    it("copies bytes on set and on get", () => {
      const source = new Uint8Array([1, 2, 3]);
      kv.set("ns", "blob", source);
      source[0] = 99;
      const first = kv.get("ns", "blob") as Uint8Array;
      assert.equal(first[0], 1);
      first[1] = 77;
      assert.equal((kv.get("ns", "blob") as Uint8Array)[1], 2);
    });

    it("overwrites, lists keys per namespace and deletes", () => {
      kv.set("a", "x", 1);
      kv.set("a", "y", "two");
      kv.set("b", "x", true);
      kv.set("a", "x", 3);
      assert.deepEqual(kv.keys("a").sort(), ["x", "y"]);
      assert.deepEqual(kv.keys("b"), ["x"]);
      assert.deepEqual(kv.keys("c"), []);
      assert.equal(kv.get("a", "x"), 3);
      kv.delete("a", "x");
      kv.delete("a", "absent");
      kv.delete("zzz", "absent");
      assert.equal(kv.get("a", "x"), undefined);
      assert.deepEqual(kv.keys("a"), ["y"]);
      assert.equal(kv.get("b", "x"), true);
    });

    it("accepts 15-char names and rejects 16-char names with name-too-long", () => {
      const ok = "n".repeat(KV_LIMITS.maxNameLength);
      const long = "n".repeat(KV_LIMITS.maxNameLength + 1);
      kv.set(ok, ok, 1);
      assert.equal(kv.get(ok, ok), 1);
      assertKvError(() => kv.set(long, "k", 1), "name-too-long");
      assertKvError(() => kv.set("ns", long, 1), "name-too-long");
      assert.deepEqual(kv.keys(long), []);
    });

    it("accepts 4000-byte values and rejects larger ones with value-too-large", () => {
      kv.set("ns", "blob", new Uint8Array(KV_LIMITS.maxValueBytes));
      kv.set("ns", "str", "x".repeat(KV_LIMITS.maxValueBytes));
      assertKvError(() => kv.set("ns", "blob2", new Uint8Array(KV_LIMITS.maxValueBytes + 1)), "value-too-large");
      // 1334 three-byte characters = 4002 bytes although only 1334 chars
      assertKvError(() => kv.set("ns", "str2", "€".repeat(1334)), "value-too-large");
      assert.equal(kv.get("ns", "blob2"), undefined);
    });

    it("rejects floats, NaN, infinities, out-of-int32 integers and other types with bad-value", () => {
      kv.set("ns", "v", 7);
      for (const bad of [1.5, Number.NaN, Infinity, -Infinity, KV_LIMITS.maxInt + 1, KV_LIMITS.minInt - 1]) {
        assertKvError(() => kv.set("ns", "v", bad), "bad-value");
      }
      for (const bad of [null, undefined, {}, [1], 10n]) {
        assertKvError(() => kv.set("ns", "v", bad as never), "bad-value");
      }
      assertKvError(() => kv.set("", "v", 1), "bad-value");
      assert.equal(kv.get("ns", "v"), 7, "a refused write leaves the old value");
    });

    it("property: any accepted value reads back equal; any refused write changes nothing", () => {
      const name = fc.string({ minLength: 1, maxLength: 20 });
      const value = fc.oneof(
        fc.boolean(),
        fc.integer({ min: KV_LIMITS.minInt, max: KV_LIMITS.maxInt }),
        fc.double(),
        fc.string({ maxLength: 4100 }),
        fc.uint8Array({ maxLength: 4100 }),
      );
      fc.assert(
        fc.property(name, name, value, (ns, key, v) => {
          const before = kv.get(ns, key);
          let accepted = true;
          try {
            kv.set(ns, key, v);
          } catch (error) {
            accepted = false;
            assert.ok(["name-too-long", "value-too-large", "bad-value"].includes((error as { code: string }).code));
          }
          const after = kv.get(ns, key);
          if (accepted) assert.deepEqual(after instanceof Uint8Array ? Array.from(after) : after, v instanceof Uint8Array ? Array.from(v) : v);
          else assert.deepEqual(after, before);
        }),
        { numRuns: 60 },
      );
    });
  });
}

/** Names that collide with Object.prototype members must behave like any other name. */
export function kvPrototypeNamesContract(name: string, makeKv: () => KvPort): void {
  describe(`KvPort contract (prototype-like names): ${name}`, () => {
    it("treats __proto__, constructor and toString as plain names", () => {
      const kv = makeKv();
      kv.set("ns", "x", 1);
      for (const n of ["__proto__", "constructor", "toString"]) {
        assert.equal(kv.get("ns", n), undefined);
        assert.equal(kv.get(n, "x"), undefined);
        kv.set(n, n, n);
        assert.equal(kv.get(n, n), n);
        assert.deepEqual(kv.keys(n), [n]);
      }
      assert.deepEqual(kv.keys("ns"), ["x"]);
    });
  });
}

/**
 * The XS assert shim against node:assert/strict as the oracle. Each row says whether the call must
 * pass or throw; under mocha the same rows also run on node:assert (proving the table right), on XS
 * `node:assert/strict` IS the shim, so only the shim-vs-table check runs there.
 */
import nodeAssert from "node:assert/strict";
import * as fc from "fast-check";
import shim, { AssertionError, isDeepStrictEqual } from "../shims/assert";
import type { Assert } from "../shims/assert";

type AssertLike = Assert;
interface Case { name: string; expect: "pass" | "throw"; run: (a: AssertLike) => unknown }

class CustomError extends Error {
  code = "E_CUSTOM";
}

const bytes = (...b: number[]) => new Uint8Array(b);
const boom = () => { throw new CustomError("boom 42"); };
const quiet = () => undefined;
const nestedA = { a: [1, { b: new Map<unknown, unknown>([["k", new Set([1, 2])]]) }], c: bytes(1, 2) };
const nestedB = { a: [1, { b: new Map<unknown, unknown>([["k", new Set([1, 2])]]) }], c: bytes(1, 2) };
const nestedC = { a: [1, { b: new Map<unknown, unknown>([["k", new Set([1, 3])]]) }], c: bytes(1, 2) };

const CASES: readonly Case[] = Object.freeze([
  { name: "strictEqual same number", expect: "pass", run: (a) => a.strictEqual(1, 1) },
  { name: "strictEqual 1 vs '1'", expect: "throw", run: (a) => a.strictEqual(1, "1") },
  { name: "strictEqual NaN", expect: "pass", run: (a) => a.strictEqual(NaN, NaN) },
  { name: "strictEqual +0 -0", expect: "throw", run: (a) => a.strictEqual(0, -0) },
  { name: "equal is strict", expect: "throw", run: (a) => a.equal(1, "1" as unknown as number) },
  { name: "notStrictEqual different", expect: "pass", run: (a) => a.notStrictEqual(1, 2) },
  { name: "notStrictEqual same", expect: "throw", run: (a) => a.notStrictEqual("x", "x") },
  { name: "ok truthy", expect: "pass", run: (a) => a.ok(1) },
  { name: "ok falsy", expect: "throw", run: (a) => a.ok("") },
  { name: "callable assert falsy", expect: "throw", run: (a) => a(0) },
  { name: "deep equal objects", expect: "pass", run: (a) => a.deepStrictEqual({ x: 1, y: [2, 3] }, { y: [2, 3], x: 1 }) },
  { name: "deep extra key", expect: "throw", run: (a) => a.deepStrictEqual({ x: 1 }, { x: 1, y: undefined }) },
  { name: "deep different value", expect: "throw", run: (a) => a.deepStrictEqual({ x: [1, 2] }, { x: [1, 3] }) },
  { name: "deep number vs string", expect: "throw", run: (a) => a.deepStrictEqual([1], ["1"]) },
  { name: "deep -0 vs 0", expect: "throw", run: (a) => a.deepStrictEqual([0], [-0]) },
  { name: "deep NaN", expect: "pass", run: (a) => a.deepStrictEqual([NaN], [NaN]) },
  { name: "deep array length", expect: "throw", run: (a) => a.deepStrictEqual([1, 2], [1, 2, 3]) },
  { name: "deep prototype differs", expect: "throw", run: (a) => a.deepStrictEqual(Object.create(null), {}) },
  { name: "deep array vs object", expect: "throw", run: (a) => a.deepStrictEqual([], {}) },
  { name: "Uint8Array equal", expect: "pass", run: (a) => a.deepStrictEqual(bytes(1, 2, 3), bytes(1, 2, 3)) },
  { name: "Uint8Array differs", expect: "throw", run: (a) => a.deepStrictEqual(bytes(1, 2, 3), bytes(1, 2, 4)) },
  { name: "Uint8Array length", expect: "throw", run: (a) => a.deepStrictEqual(bytes(1, 2), bytes(1, 2, 0)) },
  { name: "Uint8Array vs Uint16Array", expect: "throw", run: (a) => a.deepStrictEqual(bytes(1), new Uint16Array([1])) },
  { name: "Uint8Array vs array", expect: "throw", run: (a) => a.deepStrictEqual(bytes(1), [1]) },
  { name: "subarray view equal", expect: "pass", run: (a) => a.deepStrictEqual(bytes(9, 1, 2).subarray(1), bytes(1, 2)) },
  { name: "Map equal any order", expect: "pass", run: (a) => a.deepStrictEqual(new Map([["a", 1], ["b", 2]]), new Map([["b", 2], ["a", 1]])) },
  { name: "Map value differs", expect: "throw", run: (a) => a.deepStrictEqual(new Map([["a", 1]]), new Map([["a", 2]])) },
  { name: "Map key differs", expect: "throw", run: (a) => a.deepStrictEqual(new Map([["a", 1]]), new Map([["b", 1]])) },
  { name: "Map object keys deep", expect: "pass", run: (a) => a.deepStrictEqual(new Map([[{ k: 1 }, 1]]), new Map([[{ k: 1 }, 1]])) },
  { name: "Set equal any order", expect: "pass", run: (a) => a.deepStrictEqual(new Set([1, 2, 3]), new Set([3, 2, 1])) },
  { name: "Set differs", expect: "throw", run: (a) => a.deepStrictEqual(new Set([1, 2]), new Set([1, 3])) },
  { name: "Set of objects deep", expect: "pass", run: (a) => a.deepStrictEqual(new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])) },
  { name: "Set of objects differs", expect: "throw", run: (a) => a.deepStrictEqual(new Set([{ a: 1 }]), new Set([{ a: 2 }])) },
  { name: "nested structures equal", expect: "pass", run: (a) => a.deepStrictEqual(nestedA, nestedB) },
  { name: "nested structures differ deep inside", expect: "throw", run: (a) => a.deepStrictEqual(nestedA, nestedC) },
  { name: "Date equal", expect: "pass", run: (a) => a.deepStrictEqual(new Date(5), new Date(5)) },
  { name: "Date differs", expect: "throw", run: (a) => a.deepStrictEqual(new Date(5), new Date(6)) },
  { name: "RegExp flags differ", expect: "throw", run: (a) => a.deepStrictEqual(/a/g, /a/i) },
  { name: "Error messages differ", expect: "throw", run: (a) => a.deepStrictEqual(new Error("a"), new Error("b")) },
  { name: "bigint equal", expect: "pass", run: (a) => a.deepStrictEqual({ n: 10n }, { n: 10n }) },
  { name: "symbol keys compared", expect: "throw", run: (a) => a.deepStrictEqual({ [Symbol.for("s")]: 1 }, { [Symbol.for("s")]: 2 }) },
  { name: "cycles equal", expect: "pass", run: (a: Assert) => { const x: Record<string, unknown> = {}; x.self = x; const y: Record<string, unknown> = {}; y.self = y; a.deepStrictEqual(x, y); } },
  { name: "notDeepStrictEqual different", expect: "pass", run: (a) => a.notDeepStrictEqual({ a: 1 }, { a: 2 }) },
  { name: "notDeepStrictEqual equal", expect: "throw", run: (a) => a.notDeepStrictEqual(bytes(1), bytes(1)) },
  { name: "throws without validator", expect: "pass", run: (a) => a.throws(boom) },
  { name: "throws nothing thrown", expect: "throw", run: (a) => a.throws(quiet) },
  { name: "throws regexp matches", expect: "pass", run: (a) => a.throws(boom, /boom \d+/) },
  { name: "throws regexp mismatch", expect: "throw", run: (a) => a.throws(boom, /bang/) },
  { name: "throws class matches", expect: "pass", run: (a) => a.throws(boom, CustomError) },
  { name: "throws class mismatch", expect: "throw", run: (a) => a.throws(boom, RangeError) },
  { name: "throws object matches", expect: "pass", run: (a) => a.throws(boom, { code: "E_CUSTOM", message: "boom 42" }) },
  { name: "throws object regexp value", expect: "pass", run: (a) => a.throws(boom, { message: /boom/ }) },
  { name: "throws object mismatch", expect: "throw", run: (a) => a.throws(boom, { code: "E_OTHER" }) },
  { name: "throws function true", expect: "pass", run: (a) => a.throws(boom, (e: unknown) => e instanceof CustomError) },
  { name: "throws function false", expect: "throw", run: (a) => a.throws(boom, () => false) },
  { name: "throws message string only", expect: "pass", run: (a) => a.throws(boom, "should throw") },
  { name: "doesNotThrow quiet", expect: "pass", run: (a) => a.doesNotThrow(quiet) },
  { name: "doesNotThrow throwing", expect: "throw", run: (a) => a.doesNotThrow(boom) },
  { name: "match", expect: "pass", run: (a) => a.match("abc123", /\d{3}/) },
  { name: "match fails", expect: "throw", run: (a) => a.match("abc", /\d/) },
  { name: "fail", expect: "throw", run: (a) => a.fail("always") },
  { name: "rejects rejected promise", expect: "pass", run: (a) => a.rejects(Promise.reject(new CustomError("no")), CustomError) },
  { name: "rejects function returning rejection", expect: "pass", run: (a) => a.rejects(async () => boom(), /boom/) },
  { name: "rejects resolved promise", expect: "throw", run: (a) => a.rejects(Promise.resolve(1)) },
  { name: "rejects wrong class", expect: "throw", run: (a) => a.rejects(Promise.reject(new CustomError("no")), RangeError) },
]);

async function outcome(a: AssertLike, c: Case): Promise<"pass" | "throw"> {
  try {
    await c.run(a);
    return "pass";
  } catch {
    return "throw";
  }
}

async function mismatches(a: AssertLike): Promise<string[]> {
  const wrong: string[] = [];
  for (const c of CASES) {
    const got = await outcome(a, c);
    if (got !== c.expect) wrong.push(`${c.name}: expected ${c.expect}, got ${got}`);
  }
  return wrong;
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  return v;
}

function changeOneLeaf(v: unknown): unknown {
  if (typeof v === "number") return -v;
  if (typeof v === "string") return `${v}!`;
  if (typeof v === "boolean") return !v;
  if (v === null) return 0;
  if (Array.isArray(v)) return v.length ? [changeOneLeaf(v[0]), ...v.slice(1).map(copy)] : [null];
  const entries = Object.entries(v as object);
  if (!entries.length) return { k: null };
  return Object.fromEntries(entries.map(([k, x], i) => [k, i === 0 ? changeOneLeaf(x) : copy(x)]));
}

const onXs = (nodeAssert as unknown) === shim;

describe("xs/shims/assert", () => {
  it("gives the outcome of node:assert/strict on every case of the table", async () => {
    nodeAssert.deepStrictEqual(await mismatches(shim), []);
  });

  it("the table itself agrees with node:assert/strict (mocha only: on XS node:assert is the shim)", async function () {
    if (onXs) this.skip();
    nodeAssert.deepStrictEqual(await mismatches(nodeAssert as unknown as AssertLike), []);
  });

  it("throws AssertionError carrying actual, expected and operator", () => {
    try {
      shim.strictEqual(1, 2);
    } catch (error) {
      nodeAssert.ok(error instanceof AssertionError);
      nodeAssert.equal(error.code, "ERR_ASSERTION");
      nodeAssert.equal(error.actual, 1);
      nodeAssert.equal(error.expected, 2);
      nodeAssert.equal(error.operator, "strictEqual");
      return;
    }
    nodeAssert.fail("strictEqual(1, 2) did not throw");
  });

  it("finds generated values equal to their copies and unequal after changing one leaf", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        nodeAssert.equal(isDeepStrictEqual(x, copy(x)), true);
        nodeAssert.equal(isDeepStrictEqual(x, changeOneLeaf(x)), false);
        nodeAssert.equal(isDeepStrictEqual(x, [x]), false);
      }),
      { numRuns: 300 },
    );
  });
});

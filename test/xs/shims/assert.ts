/**
 * Portable subset of `node:assert/strict` for running tests on XS (no Node built-ins).
 * The XS bundler aliases `node:assert` and `node:assert/strict` here; both get STRICT semantics
 * (`equal` is `strictEqual`, `deepEqual` is `deepStrictEqual`). Checked against node:assert by
 * test/xs/self-test/assert-shim.test.ts.
 */

export interface AssertionErrorOptions {
  message?: string | undefined;
  actual?: unknown;
  expected?: unknown;
  operator?: string | undefined;
}

/** Thrown by every failed assertion; same fields as Node's `AssertionError`. */
export class AssertionError extends Error {
  readonly code = "ERR_ASSERTION";
  readonly actual: unknown;
  readonly expected: unknown;
  readonly operator: string;
  readonly generatedMessage: boolean;

  constructor(options: AssertionErrorOptions) {
    super(options.message ?? `${show(options.actual)} ${options.operator ?? "=="} ${show(options.expected)}`);
    this.name = "AssertionError";
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator ?? "fail";
    this.generatedMessage = options.message === undefined;
  }
}

type Message = string | Error | undefined;
type Validator = RegExp | Function | object | string;

function show(value: unknown, depth = 0): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol" || typeof value === "function") return String(value);
  if (value === null || typeof value !== "object") return Object.is(value, -0) ? "-0" : String(value);
  if (depth > 2) return "[...]";
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${Array.from(value as Uint8Array).join(",")})`;
  if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${show(k, depth + 1)} => ${show(v, depth + 1)}`).join(", ")}}`;
  if (value instanceof Set) return `Set{${[...value].map((v) => show(v, depth + 1)).join(", ")}}`;
  if (Array.isArray(value)) return `[${value.map((v) => show(v, depth + 1)).join(", ")}]`;
  return `{${Object.keys(value).map((k) => `${k}: ${show((value as Record<string, unknown>)[k], depth + 1)}`).join(", ")}}`;
}

function fail(message: Message, defaults: AssertionErrorOptions): never {
  if (message instanceof Error) throw message;
  throw new AssertionError({ ...defaults, message });
}

function ownEnumerableKeys(value: object): PropertyKey[] {
  return Reflect.ownKeys(value).filter((key) => Object.prototype.propertyIsEnumerable.call(value, key));
}

const toStringTag = (value: object): string => Object.prototype.toString.call(value);

/** Node's `isDeepStrictEqual`: Object.is for primitives, same prototype, same own enumerable keys. */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return deepEqual(a, b, []);
}

function deepEqual(a: unknown, b: unknown, seen: [object, object][]): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (toStringTag(a) !== toStringTag(b)) return false;
  if (seen.some(([x, y]) => x === a && y === b)) return true;
  const pairs: [object, object][] = [...seen, [a, b]];
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime()) && sameKeys(a, b, pairs);
  if (a instanceof RegExp) {
    const r = b as RegExp;
    return a.source === r.source && a.flags === r.flags && a.lastIndex === r.lastIndex && sameKeys(a, b, pairs);
  }
  if (a instanceof Error) {
    const e = b as Error;
    if (a.name !== e.name || a.message !== e.message) return false;
  }
  if (a instanceof Number || a instanceof String || a instanceof Boolean || a instanceof BigInt || a instanceof Symbol) {
    if (!Object.is(a.valueOf(), (b as typeof a).valueOf())) return false;
  }
  if (a instanceof ArrayBuffer) {
    if (!bytesEqual(new Uint8Array(a), new Uint8Array(b as ArrayBuffer))) return false;
  } else if (ArrayBuffer.isView(a)) {
    if (!viewsEqual(a, b as ArrayBufferView)) return false;
    return sameKeys(a, b, pairs, (key) => !isIndexKey(key));
  }
  if (a instanceof Map) {
    if (!mapsEqual(a, b as Map<unknown, unknown>, pairs)) return false;
  } else if (a instanceof Set) {
    if (!setsEqual(a, b as Set<unknown>, pairs)) return false;
  }
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
  return sameKeys(a, b, pairs);
}

function isIndexKey(key: PropertyKey): boolean {
  return typeof key === "string" && /^(0|[1-9][0-9]*)$/.test(key);
}

function sameKeys(a: object, b: object, seen: [object, object][], filter: (key: PropertyKey) => boolean = () => true): boolean {
  const ka = ownEnumerableKeys(a).filter(filter);
  const kb = ownEnumerableKeys(b).filter(filter);
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
    if (!deepEqual((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key], seen)) return false;
  }
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function viewsEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  if (a instanceof DataView) return bytesEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  const x = a as unknown as ArrayLike<number | bigint>;
  const y = b as unknown as ArrayLike<number | bigint>;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

function mapsEqual(a: Map<unknown, unknown>, b: Map<unknown, unknown>, seen: [object, object][]): boolean {
  if (a.size !== b.size) return false;
  const unmatched = [...b];
  for (const [key, value] of a) {
    if (b.has(key) && (typeof key !== "object" || key === null)) {
      if (!deepEqual(value, b.get(key), seen)) return false;
      const i = unmatched.findIndex(([k]) => Object.is(k, key));
      unmatched.splice(i, 1);
      continue;
    }
    const i = unmatched.findIndex(([k, v]) => deepEqual(key, k, seen) && deepEqual(value, v, seen));
    if (i < 0) return false;
    unmatched.splice(i, 1);
  }
  return true;
}

function setsEqual(a: Set<unknown>, b: Set<unknown>, seen: [object, object][]): boolean {
  if (a.size !== b.size) return false;
  const unmatched = [...b].filter((v) => !a.has(v));
  for (const value of a) {
    if (b.has(value)) continue;
    if (typeof value !== "object" || value === null) return false;
    const i = unmatched.findIndex((v) => deepEqual(value, v, seen));
    if (i < 0) return false;
    unmatched.splice(i, 1);
  }
  return true;
}

export function ok(value: unknown, message?: Message): asserts value {
  if (!value) fail(message ?? "The expression evaluated to a falsy value", { actual: value, expected: true, operator: "==" });
}

export function strictEqual<T>(actual: unknown, expected: T, message?: Message): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, { actual, expected, operator: "strictEqual" });
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (Object.is(actual, expected)) fail(message, { actual, expected, operator: "notStrictEqual" });
}

export function deepStrictEqual<T>(actual: unknown, expected: T, message?: Message): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected)) fail(message, { actual, expected, operator: "deepStrictEqual" });
}

export function notDeepStrictEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (isDeepStrictEqual(actual, expected)) fail(message, { actual, expected, operator: "notDeepStrictEqual" });
}

export function match(actual: string, expected: RegExp, message?: Message): void {
  if (typeof actual !== "string" || !expected.test(actual)) fail(message, { actual, expected, operator: "match" });
}

export function doesNotMatch(actual: string, expected: RegExp, message?: Message): void {
  if (typeof actual !== "string" || expected.test(actual)) fail(message, { actual, expected, operator: "doesNotMatch" });
}

function failWith(message?: Message): never {
  fail(message ?? "Failed", { operator: "fail" });
}

function isErrorClass(validator: Function): boolean {
  return validator.prototype !== undefined && (validator === Error || validator.prototype instanceof Error);
}

function checkError(error: unknown, validator: Validator | undefined, message: Message, operator: string): void {
  if (validator === undefined || typeof validator === "string") return;
  if (validator instanceof RegExp) {
    if (!validator.test(String(error))) fail(message ?? `The error did not match ${validator}: ${show(error)}`, { actual: error, expected: validator, operator });
    return;
  }
  if (typeof validator === "function") {
    if (isErrorClass(validator)) {
      if (!(error instanceof (validator as new () => unknown))) fail(message ?? `The error is not an instance of ${validator.name}: ${show(error)}`, { actual: error, expected: validator, operator });
      return;
    }
    if ((validator as (e: unknown) => unknown)(error) !== true) fail(message ?? `The validation function rejected ${show(error)}`, { actual: error, expected: validator, operator });
    return;
  }
  if (typeof error !== "object" || error === null) fail(message, { actual: error, expected: validator, operator });
  for (const key of Object.keys(validator)) {
    const want = (validator as Record<string, unknown>)[key];
    const got = (error as Record<string, unknown>)[key];
    const same = want instanceof RegExp && typeof got === "string" ? want.test(got) : isDeepStrictEqual(got, want);
    if (!same) fail(message ?? `The error's "${key}" is ${show(got)}, expected ${show(want)}`, { actual: error, expected: validator, operator });
  }
}

function splitArgs(validator: Validator | undefined, message: Message): [Validator | undefined, Message] {
  return typeof validator === "string" && message === undefined ? [undefined, validator] : [validator, message];
}

const NOTHING = Symbol("nothing thrown");

export function throws(fn: () => unknown, validator?: Validator, message?: Message): void {
  const [check, msg] = splitArgs(validator, message);
  let error: unknown = NOTHING;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (error === NOTHING) fail(msg ?? "Missing expected exception.", { expected: check, operator: "throws" });
  checkError(error, check, msg, "throws");
}

export function doesNotThrow(fn: () => unknown, message?: Message): void {
  try {
    fn();
  } catch (e) {
    fail(typeof message === "string" ? message : `Got unwanted exception: ${show(e)}`, { actual: e, operator: "doesNotThrow" });
  }
}

export async function rejects(promiseOrFn: Promise<unknown> | (() => Promise<unknown>), validator?: Validator, message?: Message): Promise<void> {
  const [check, msg] = splitArgs(validator, message);
  let error: unknown = NOTHING;
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    error = e;
  }
  if (error === NOTHING) fail(msg ?? "Missing expected rejection.", { expected: check, operator: "rejects" });
  checkError(error, check, msg, "rejects");
}

export async function doesNotReject(promiseOrFn: Promise<unknown> | (() => Promise<unknown>), message?: Message): Promise<void> {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    fail(typeof message === "string" ? message : `Got unwanted rejection: ${show(e)}`, { actual: e, operator: "doesNotReject" });
  }
}

/** The default export, callable like `assert(value)`, carrying every assertion as a property. */
export interface Assert {
  (value: unknown, message?: Message): asserts value;
  AssertionError: typeof AssertionError;
  ok: typeof ok;
  equal: typeof strictEqual;
  notEqual: typeof notStrictEqual;
  strictEqual: typeof strictEqual;
  notStrictEqual: typeof notStrictEqual;
  deepEqual: typeof deepStrictEqual;
  notDeepEqual: typeof notDeepStrictEqual;
  deepStrictEqual: typeof deepStrictEqual;
  notDeepStrictEqual: typeof notDeepStrictEqual;
  match: typeof match;
  doesNotMatch: typeof doesNotMatch;
  throws: typeof throws;
  doesNotThrow: typeof doesNotThrow;
  rejects: typeof rejects;
  doesNotReject: typeof doesNotReject;
  fail: typeof failWith;
  strict: Assert;
}

const assertValue = (value: unknown, message?: Message): asserts value => ok(value, message);
const assert: Assert = Object.assign(assertValue, {
  AssertionError,
  ok,
  equal: strictEqual,
  notEqual: notStrictEqual,
  strictEqual,
  notStrictEqual,
  deepEqual: deepStrictEqual,
  notDeepEqual: notDeepStrictEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  match,
  doesNotMatch,
  throws,
  doesNotThrow,
  rejects,
  doesNotReject,
  fail: failWith,
}) as Omit<Assert, "strict"> as Assert;
assert.strict = assert;

export {
  failWith as fail,
  strictEqual as equal,
  notStrictEqual as notEqual,
  deepStrictEqual as deepEqual,
  notDeepStrictEqual as notDeepEqual,
  assert as strict,
};
export default assert;

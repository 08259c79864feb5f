/**
 * Field readers for small JSON messages (OTA, user mapping, claim, alerts, time series). A decoder
 * is written as straight-line code over `Fields`; `decodeMessage` turns any violation into an
 * error result, so decoders never throw.
 */
import { utf8Length } from "../bytes";
import type { ParamValue } from "./description";
import { readJson } from "./json-reader";

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

class FieldError {
  constructor(readonly message: string) {}
}

type Obj = Record<string, ParamValue>;

export function isJsonObject(v: ParamValue | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

/** Typed access to one JSON object's members; every failure names the message and the key. */
export class Fields {
  constructor(
    readonly obj: Obj,
    readonly where: string,
    /** Paths (keys joined by NUL) of numbers written with a fraction or exponent. */
    readonly nonIntegerPaths: ReadonlySet<string> = new Set(),
    readonly path: string = "",
  ) {}

  #pathOf(key: string): string {
    return this.path ? `${this.path}\u0000${key}` : key;
  }

  fail(message: string): never {
    throw new FieldError(`${this.where}: ${message}`);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  string(key: string, opts: { maxChars?: number; nonEmpty?: boolean } = {}): string {
    const v = this.obj[key];
    if (v === undefined) return this.fail(`missing "${key}"`);
    if (typeof v !== "string") return this.fail(`"${key}" must be a string`);
    if (opts.nonEmpty && v.length === 0) return this.fail(`"${key}" must not be empty`);
    if (opts.maxChars !== undefined && v.length > opts.maxChars) return this.fail(`"${key}" longer than ${opts.maxChars} characters`);
    return v;
  }

  optString(key: string, opts: { maxChars?: number; nonEmpty?: boolean } = {}): string | undefined {
    return this.obj[key] === undefined ? undefined : this.string(key, opts);
  }

  /** An integer written without fraction or exponent, within [min, max]. */
  int(key: string, min: number, max: number): number {
    const v = this.obj[key];
    if (v === undefined) return this.fail(`missing "${key}"`);
    if (typeof v !== "number" || !Number.isInteger(v) || this.nonIntegerPaths.has(this.#pathOf(key))) return this.fail(`"${key}" must be an integer`);
    if (v < min || v > max) return this.fail(`"${key}" must be within ${min}..${max}`);
    return v;
  }

  optInt(key: string, min: number, max: number): number | undefined {
    return this.obj[key] === undefined ? undefined : this.int(key, min, max);
  }

  bool(key: string): boolean {
    const v = this.obj[key];
    if (typeof v !== "boolean") return this.fail(`"${key}" must be true or false`);
    return v;
  }

  optBool(key: string): boolean | undefined {
    return this.obj[key] === undefined ? undefined : this.bool(key);
  }

  object(key: string): Fields {
    const v = this.obj[key];
    if (!isJsonObject(v)) return this.fail(`"${key}" must be an object`);
    return new Fields(v, `${this.where}.${key}`, this.nonIntegerPaths, this.#pathOf(key));
  }

  optObject(key: string): Fields | undefined {
    return this.obj[key] === undefined ? undefined : this.object(key);
  }

  array(key: string): ParamValue[] {
    const v = this.obj[key];
    if (!Array.isArray(v)) return this.fail(`"${key}" must be an array`);
    return v;
  }
}

export interface MessageLimits {
  maxBytes: number;
  maxDepth: number;
}

/**
 * Parses `text` as one JSON object within `limits` and runs `read` over it. Numbers written with a
 * fraction or exponent are flagged so `Fields.int` refuses them.
 */
export function decodeMessage<T>(text: string, what: string, limits: MessageLimits, read: (f: Fields) => T): Decoded<T> {
  if (typeof text !== "string") return { ok: false, error: `${what}: payload must be text` };
  if (text.length > limits.maxBytes || utf8Length(text) > limits.maxBytes) return { ok: false, error: `${what}: payload larger than ${limits.maxBytes} bytes` };
  const nonInt = new Set<string>();
  const parsed = readJson(text, {
    maxDepth: limits.maxDepth,
    onNonIntegerLiteral: (path) => {
      nonInt.add(path.join("\u0000"));
    },
  });
  if (!parsed.ok) return { ok: false, error: `${what}: not valid JSON: ${parsed.error}` };
  if (!isJsonObject(parsed.value)) return { ok: false, error: `${what}: must be a JSON object` };
  try {
    return { ok: true, value: read(new Fields(parsed.value, what, nonInt)) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message };
    return { ok: false, error: `${what}: ${String(e)}` };
  }
}

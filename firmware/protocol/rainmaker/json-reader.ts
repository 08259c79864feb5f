/**
 * A strict, bounded JSON parser for untrusted payloads on the device. Compared with `JSON.parse`
 * it bounds nesting depth (recursion is what crashes a small XS stack), builds objects without a
 * prototype (so keys such as `__proto__` or `constructor` are plain data), rejects duplicate keys,
 * reports which numbers were written with a fraction or exponent (`60.0` is not an int literal,
 * [spec 2.2]) and never throws.
 */
import type { ParamValue } from "./description";

export interface JsonReadOptions {
  /** Deepest allowed nesting of objects/arrays; the top-level container is depth 1. */
  maxDepth: number;
  /**
   * Called for each number written with `.`, `e` or `E`, with the keys/indices leading to it
   * (only when the number is an object member or array element).
   */
  onNonIntegerLiteral?: (path: readonly (string | number)[]) => void;
}

export type JsonReadResult = { ok: true; value: ParamValue } | { ok: false; error: string };

/** Thrown by `JsonCursor` on a syntax or limit error; `readJson` and `withCursor` turn it into a result. */
export class JsonSyntaxError {
  constructor(readonly message: string) {}
}

/**
 * A cursor over JSON text for decoders that walk the top levels themselves (no intermediate
 * objects) and materialise only the values they keep. Methods throw `JsonSyntaxError`; run them
 * inside `withCursor`.
 */
export class JsonCursor {
  #i = 0;
  readonly #path: (string | number)[] = [];
  /** True when the last `value()` read a number written with a fraction or exponent. */
  lastNonInteger = false;
  constructor(
    readonly text: string,
    readonly opts: JsonReadOptions,
  ) {}

  /** Offset of the cursor in `text` (after whitespace when called after `peek()`). */
  get offset(): number {
    return this.#i;
  }

  /** First character of the next value after whitespace: `{`, `[`, `"`, or another. */
  peek(): string {
    this.ws();
    return this.text.charAt(this.#i);
  }

  /** Requires the end of input (after whitespace). */
  finish(): void {
    this.ws();
    if (this.#i !== this.text.length) this.fail("unexpected trailing content");
  }

  readonly #seen: (string[] | Set<string>)[] = [];
  readonly #first: boolean[] = [];

  /**
   * Enters the object at the cursor; then call `nextKey()` until it returns undefined, consuming
   * each member's value in between. `depth` is this object's nesting depth (top level = 1).
   */
  enterObject(depth: number): void {
    this.ws();
    if (this.text.charCodeAt(this.#i) !== 0x7b) this.fail("expected an object");
    if (depth > this.opts.maxDepth) this.fail(`nesting deeper than ${this.opts.maxDepth}`);
    this.#i++;
    this.#seen.push([]);
    this.#first.push(true);
  }

  /** The next key of the entered object (cursor left on its value), or undefined at its end. Duplicate keys are errors. */
  nextKey(): string | undefined {
    const top = this.#first.length - 1;
    this.ws();
    let c = this.text.charCodeAt(this.#i);
    if (this.#first[top]) {
      this.#first[top] = false;
      if (c === 0x7d) {
        this.#i++;
        return this.#leave();
      }
    } else {
      this.#i++;
      if (c === 0x7d) return this.#leave();
      if (c !== 0x2c) {
        this.#i--;
        this.fail("expected ',' or '}'");
      }
      this.ws();
      c = this.text.charCodeAt(this.#i);
    }
    if (c !== 0x22) this.fail("expected a string key");
    const k = this.string();
    // Small objects (the usual params document) check duplicates with a list; large ones with a Set.
    let seen = this.#seen[top]!;
    if (Array.isArray(seen) ? seen.indexOf(k) >= 0 : seen.has(k)) this.fail(`duplicate key ${JSON.stringify(k)}`);
    if (Array.isArray(seen)) {
      if (seen.push(k) > 16) this.#seen[top] = seen = new Set(seen);
    } else {
      seen.add(k);
    }
    this.ws();
    if (this.text.charCodeAt(this.#i) !== 0x3a) this.fail("expected ':'");
    this.#i++;
    this.ws();
    return k;
  }

  #leave(): undefined {
    this.#seen.pop();
    this.#first.pop();
    return undefined;
  }

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at offset ${this.#i}`);
  }

  ws(): void {
    const t = this.text;
    let i = this.#i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.#i = i;
  }

  document(): ParamValue {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.#i !== this.text.length) this.fail("unexpected trailing content");
    return v;
  }

  /** Reads the value at the cursor; `depth` is the depth of its container (0 at top level). */
  value(depth: number): ParamValue {
    this.lastNonInteger = false;
    const c = this.text.charCodeAt(this.#i);
    switch (c) {
      case 0x7b: // {
        return this.object(depth + 1);
      case 0x5b: // [
        return this.array(depth + 1);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal("true", true);
      case 0x66: // f
        return this.literal("false", false);
      case 0x6e: // n
        return this.literal("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail(Number.isNaN(c) ? "unexpected end of input" : "unexpected character");
    }
  }

  literal(word: string, v: ParamValue): ParamValue {
    if (this.text.startsWith(word, this.#i)) {
      this.#i += word.length;
      return v;
    }
    return this.fail("invalid literal");
  }

  object(depth: number): ParamValue {
    if (depth > this.opts.maxDepth) this.fail(`nesting deeper than ${this.opts.maxDepth}`);
    this.#i++;
    const o = Object.create(null) as Record<string, ParamValue>;
    this.ws();
    if (this.text.charCodeAt(this.#i) === 0x7d) {
      this.#i++;
      return o;
    }
    for (;;) {
      if (this.text.charCodeAt(this.#i) !== 0x22) this.fail("expected a string key");
      const k = this.string();
      if (k in o) this.fail(`duplicate key ${JSON.stringify(k)}`);
      this.ws();
      if (this.text.charCodeAt(this.#i) !== 0x3a) this.fail("expected ':'");
      this.#i++;
      this.ws();
      this.#path.push(k);
      o[k] = this.value(depth);
      this.#path.pop();
      this.ws();
      const c = this.text.charCodeAt(this.#i);
      this.#i++;
      if (c === 0x2c) {
        this.ws();
        continue;
      }
      if (c === 0x7d) return o;
      this.#i--;
      this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): ParamValue {
    if (depth > this.opts.maxDepth) this.fail(`nesting deeper than ${this.opts.maxDepth}`);
    this.#i++;
    const a: ParamValue[] = [];
    this.ws();
    if (this.text.charCodeAt(this.#i) === 0x5d) {
      this.#i++;
      return a;
    }
    for (;;) {
      this.#path.push(a.length);
      a.push(this.value(depth));
      this.#path.pop();
      this.ws();
      const c = this.text.charCodeAt(this.#i);
      this.#i++;
      if (c === 0x2c) {
        this.ws();
        continue;
      }
      if (c === 0x5d) return a;
      this.#i--;
      this.fail("expected ',' or ']'");
    }
  }

  number(): number {
    const t = this.text;
    const start = this.#i;
    let i = start;
    let integer = true;
    let negative = false;
    let value = 0;
    if (t.charCodeAt(i) === 0x2d) {
      negative = true;
      i++;
    }
    const d0 = t.charCodeAt(i);
    if (d0 === 0x30) i++;
    else if (d0 >= 0x31 && d0 <= 0x39) {
      for (let c = d0; c >= 0x30 && c <= 0x39; c = t.charCodeAt(++i)) value = value * 10 + (c - 0x30);
    } else {
      this.#i = i;
      this.fail("invalid number");
    }
    if (t.charCodeAt(i) === 0x2e) {
      integer = false;
      i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.#i = i;
        this.fail("invalid number");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      i++;
      const s = t.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.#i = i;
        this.fail("invalid number");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    this.#i = i;
    this.lastNonInteger = !integer;
    if (!integer && this.opts.onNonIntegerLiteral && this.#path.length > 0) {
      this.opts.onNonIntegerLiteral(this.#path.slice());
    }
    // Integers of up to 15 digits are exact in a double; longer ones go through Number() for correct rounding.
    if (integer && i - start <= 15) return negative ? -value : value;
    return Number(t.slice(start, i));
  }

  string(): string {
    const t = this.text;
    let i = this.#i + 1;
    let out = "";
    let start = i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        out += t.slice(start, i);
        this.#i = i + 1;
        return out;
      }
      if (Number.isNaN(c)) {
        this.#i = i;
        this.fail("unterminated string");
      }
      if (c < 0x20) {
        this.#i = i;
        this.fail("control character in string");
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(start, i);
      const e = t.charCodeAt(i + 1);
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += "\\"; break;
        case 0x2f: out += "/"; break;
        case 0x62: out += "\b"; break;
        case 0x66: out += "\f"; break;
        case 0x6e: out += "\n"; break;
        case 0x72: out += "\r"; break;
        case 0x74: out += "\t"; break;
        case 0x75: {
          let cp = 0;
          for (let k = 2; k < 6; k++) {
            const h = hexValue(t.charCodeAt(i + k));
            if (h < 0) {
              this.#i = i;
              this.fail("invalid \\u escape");
            }
            cp = (cp << 4) | h;
          }
          out += String.fromCharCode(cp);
          i += 4;
          break;
        }
        default:
          this.#i = i;
          this.fail("invalid escape");
      }
      i += 2;
      start = i;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses `text` as one JSON value. Never throws; errors name the offset. */
export function readJson(text: string, opts: JsonReadOptions): JsonReadResult {
  return withCursor(text, opts, (c) => c.document());
}

/** Runs `read` over a cursor on `text`; syntax errors (and anything thrown) become an error result. */
export function withCursor<T>(text: string, opts: JsonReadOptions, read: (c: JsonCursor) => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: read(new JsonCursor(text, opts)) };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, error: e.message };
    return { ok: false, error: `JSON parse failed: ${String(e)}` };
  }
}

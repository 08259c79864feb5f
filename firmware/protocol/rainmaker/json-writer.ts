/**
 * Compact JSON emission in the shape the C SDK's `json_generator` produces [spec 0 conventions]:
 * no whitespace, keys in the order written, floats as `%.5f`, ints as `%d`.
 * Unlike json_generator ~1.1 (which copies string bytes between quotes unescaped, [spec 2.1]),
 * strings are escaped, so the output is always valid JSON.
 */
import type { DataType, ParamValue } from "./description";

const ESCAPES: Readonly<Record<number, string>> = Object.freeze({
  0x22: '\\"', 0x5c: "\\\\", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t",
});

function hex4(c: number): string {
  return "\\u" + (0x10000 + c).toString(16).slice(1);
}

/** A JSON string literal for `s`. Control characters and lone surrogates are `\u` escaped. */
export function jsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      rep = ESCAPES[c] ?? hex4(c);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = hex4(c);
    } else {
      continue;
    }
    out += s.slice(start, i) + rep;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/** `%.5f` [spec 0: JSON_FLOAT_PRECISION 5]. Non-finite numbers (printf's `nan`/`inf`, not JSON) become `null`. */
export function jsonFloat(n: number): string {
  if (!Number.isFinite(n)) return "null";
  return n.toFixed(5);
}

/** `%d`: the integer part of `n`. Non-finite numbers become `null`. */
export function jsonInt(n: number): string {
  if (!Number.isFinite(n)) return "null";
  const t = Math.trunc(n);
  return t === 0 ? "0" : String(t);
}

/**
 * Generic JSON for a parsed object/array value (an `object`/`array` param's content, which the
 * SDK stores as raw text and inserts verbatim [spec 2.1]). Numbers use JSON's shortest form.
 */
export function jsonValue(v: ParamValue): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "string":
      return jsonString(v);
  }
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i ? "," : "") + jsonValue(v[i]!);
    return out + "]";
  }
  let out = "{";
  let first = true;
  for (const k of Object.keys(v)) {
    out += (first ? "" : ",") + jsonString(k) + ":" + jsonValue(v[k]!);
    first = false;
  }
  return out + "}";
}

/**
 * A param value as the SDK writes it for its data type [spec 2.1]: bool `true/false`, int `%d`,
 * float `%.5f`, string quoted, object/array as JSON. A value of the wrong JS type for the
 * declared data type is written as `null` (the core never stores one; this keeps output valid).
 */
export function jsonParamValue(dataType: DataType, v: ParamValue): string {
  switch (dataType) {
    case "bool":
      return typeof v === "boolean" ? (v ? "true" : "false") : "null";
    case "int":
      return typeof v === "number" ? jsonInt(v) : "null";
    case "float":
      return typeof v === "number" ? jsonFloat(v) : "null";
    case "string":
      return typeof v === "string" ? jsonString(v) : "null";
    case "object":
      return v !== null && typeof v === "object" && !Array.isArray(v) ? jsonValue(v) : "null";
    case "array":
      return Array.isArray(v) ? jsonValue(v) : "null";
  }
}

/**
 * Appends compact JSON in call order, inserting commas. Emission order is the wire key order,
 * so callers write keys exactly in the order their spec clause lists them.
 */
export class JsonWriter {
  #parts: string[] = [];
  /** Items written so far in each open container (index 0 = top level). */
  #counts: number[] = [0];
  /** True after `key()`, until its value is written. */
  #afterKey = false;

  #separate(): void {
    const top = this.#counts.length - 1;
    if (this.#counts[top]! > 0) this.#parts.push(",");
    this.#counts[top]!++;
  }

  /** Writes `"key":` inside an object; the next call writes its value. */
  key(k: string): this {
    this.#separate();
    this.#parts.push(jsonString(k), ":");
    this.#afterKey = true;
    return this;
  }

  /** Pre-encoded JSON text (a value). */
  raw(text: string): this {
    if (this.#afterKey) this.#afterKey = false;
    else this.#separate();
    this.#parts.push(text);
    return this;
  }

  string(s: string): this {
    return this.raw(jsonString(s));
  }

  bool(b: boolean): this {
    return this.raw(b ? "true" : "false");
  }

  int(n: number): this {
    return this.raw(jsonInt(n));
  }

  float(n: number): this {
    return this.raw(jsonFloat(n));
  }

  beginObject(): this {
    this.raw("{");
    this.#counts.push(0);
    return this;
  }

  endObject(): this {
    this.#counts.pop();
    this.#parts.push("}");
    return this;
  }

  beginArray(): this {
    this.raw("[");
    this.#counts.push(0);
    return this;
  }

  endArray(): this {
    this.#counts.pop();
    this.#parts.push("]");
    return this;
  }

  /** `"key":"value"` shorthand. */
  keyString(k: string, v: string): this {
    return this.key(k).string(v);
  }

  toString(): string {
    return this.#parts.join("");
  }
}

/**
 * Params JSON [spec 2.1] written in one pass from values held elsewhere (e.g. the node runtime):
 * no params document is built first. Same text as `encodeFullReport`/`encodeParams` for the same
 * devices and params in the same order: compact, values formatted by data type.
 */
import type { DataType, ParamValue } from "./description";
import { jsonParamValue } from "./json-writer";

/**
 * A JSON string literal. `JSON.stringify` escapes exactly as `jsonString` does (short escapes,
 * other controls and lone surrogates as lowercase `\u` escapes, nothing else), and natively: on
 * XS the char-by-char loop allocates a boxed string per character.
 */
const quote = (s: string): string => JSON.stringify(s);

/** `device(name)`, then its `param(...)` calls, for each device in node order; `end()` returns the text. */
export class ParamsTextWriter {
  #text = "{";
  /** 0: nothing written yet; 1: a device is open with no params; 2: a device is open with params. */
  #state = 0;

  /** Opens the next device (closing the previous one). */
  device(name: string): void {
    if (this.#state !== 0) this.#text += "},";
    this.#text += quote(name) + ":{";
    this.#state = 1;
  }

  /** Appends one param of the open device. */
  param(name: string, dataType: DataType, value: ParamValue): void {
    if (this.#state === 0) throw new Error("params writer: param() before device()");
    const text = dataType === "string" ? (typeof value === "string" ? quote(value) : "null") : jsonParamValue(dataType, value);
    this.#text += (this.#state === 2 ? "," : "") + quote(name) + ":" + text;
    this.#state = 2;
  }

  /** Closes the document and returns its text. */
  end(): string {
    return this.#text + (this.#state === 0 ? "}" : "}}");
  }
}

/**
 * Incremental HTTP/1.1 request parser for the device's small server (SoftAP provisioning, local
 * control). Pure TS: bytes in, one request or an error status out. No chunked request bodies
 * (protocomm clients always send Content-Length [spec 6.1]).
 */

export interface ParsedRequest {
  method: string;
  path: string;
  /** Names lower-cased; a repeated header keeps the last value. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export type ParseResult =
  | { state: "more" }
  | { state: "done"; request: ParsedRequest }
  | { state: "error"; status: 400 | 413 | 431 | 501; message: string };

export interface RequestParserLimits {
  /** Largest body accepted (413 above). */
  maxBodyBytes: number;
  /** Largest request line + headers (431 above). */
  maxHeaderBytes: number;
}

const Token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function headEnd(bytes: Uint8Array, length: number): number {
  for (let i = 3; i < length; i++) {
    if (bytes[i] === 10 && bytes[i - 1] === 13 && bytes[i - 2] === 10 && bytes[i - 3] === 13) return i + 1;
  }
  return -1;
}

/** Feed bytes as they arrive; the first non-`more` result is final. */
export class RequestParser {
  readonly #limits: RequestParserLimits;
  #buffer = new Uint8Array(512);
  #length = 0;
  #head: { method: string; path: string; headers: Record<string, string>; bodyStart: number; bodyLength: number } | undefined;
  #final: ParseResult | undefined;

  constructor(limits: RequestParserLimits) {
    this.#limits = limits;
  }

  push(chunk: Uint8Array): ParseResult {
    if (this.#final) return this.#final;
    this.#append(chunk);
    if (!this.#head) {
      const end = headEnd(this.#buffer, this.#length);
      if (end < 0) {
        if (this.#length > this.#limits.maxHeaderBytes) return this.#finish({ state: "error", status: 431, message: "request headers too large" });
        return { state: "more" };
      }
      if (end > this.#limits.maxHeaderBytes) return this.#finish({ state: "error", status: 431, message: "request headers too large" });
      const parsed = this.#parseHead(latin1(this.#buffer.subarray(0, end - 4)), end);
      if (parsed) return this.#finish(parsed);
    }
    const head = this.#head!;
    if (this.#length - head.bodyStart < head.bodyLength) return { state: "more" };
    const body = this.#buffer.slice(head.bodyStart, head.bodyStart + head.bodyLength);
    return this.#finish({ state: "done", request: { method: head.method, path: head.path, headers: head.headers, body } });
  }

  #finish(result: ParseResult): ParseResult {
    this.#final = result;
    this.#buffer = new Uint8Array(0);
    return result;
  }

  #append(chunk: Uint8Array): void {
    const needed = this.#length + chunk.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#length);
    this.#length = needed;
  }

  #parseHead(text: string, bodyStart: number): ParseResult | undefined {
    const lines = text.split("\r\n");
    const requestLine = lines.shift()!.split(" ");
    if (requestLine.length !== 3 || !Token.test(requestLine[0]!) || !requestLine[1]!.startsWith("/") || !/^HTTP\/1\.[01]$/.test(requestLine[2]!)) {
      return { state: "error", status: 400, message: "malformed request line" };
    }
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = colon > 0 ? line.slice(0, colon) : "";
      if (!Token.test(name)) return { state: "error", status: 400, message: "malformed header line" };
      Object.defineProperty(headers, name.toLowerCase(), { value: line.slice(colon + 1).trim(), enumerable: true, writable: true, configurable: true });
    }
    if (headers["transfer-encoding"] !== undefined) return { state: "error", status: 501, message: "chunked request bodies are not supported" };
    const declared = headers["content-length"];
    let bodyLength = 0;
    if (declared !== undefined) {
      if (!/^\d{1,9}$/.test(declared)) return { state: "error", status: 400, message: "bad Content-Length" };
      bodyLength = Number(declared);
    }
    if (bodyLength > this.#limits.maxBodyBytes) return { state: "error", status: 413, message: `body of ${bodyLength} bytes exceeds ${this.#limits.maxBodyBytes}` };
    this.#head = { method: requestLine[0]!, path: requestLine[1]!, headers, bodyStart, bodyLength };
    return undefined;
  }
}

/** Status line reason phrases for the statuses the device sends. */
export const ReasonPhrases: Readonly<Record<number, string>> = Object.freeze({
  200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
  413: "Payload Too Large", 431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
});

/** Serialises a response head; `Connection: close` because the device serves one request per connection. */
export function responseHead(status: number, headers: Record<string, string>, bodyLength: number): string {
  let head = `HTTP/1.1 ${status} ${ReasonPhrases[status] ?? "Status"}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === "content-length" || lower === "connection") continue;
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`header ${name} contains a line break`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}Content-Length: ${bodyLength}\r\nConnection: close\r\n\r\n`;
}

/** JSON POSTs to the claim service over the HttpClientPort [spec 4.3]. */
import type { HttpClientPort, HttpRequest } from "../../ports/http-client";
import { concatBytes, utf8Decode, utf8Encode } from "../../protocol/bytes";
import { ClaimError } from "./claim-error";

/** Largest reply accepted (a certificate chain is ~2-3 KB; a server key adds ~1.7 KB). */
const MAX_REPLY_BYTES = 16384;

export interface ClaimHttpOptions {
  http: HttpClientPort;
  /** CA certificates (DER) that sign the claim service's HTTPS certificate. */
  ca?: Uint8Array[];
  timeoutMs?: number;
  /** `Authorization` header value (assisted / host claim with a user token). */
  authorization?: string;
}

/** Joins a base URL and a path without doubling `/`. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}

async function readBody(response: { read(): Promise<Uint8Array | undefined>; cancel(): void }): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const chunk = await response.read();
    if (!chunk) break;
    total += chunk.length;
    if (total > MAX_REPLY_BYTES) {
      response.cancel();
      throw new ClaimError("bad-reply", `claim reply larger than ${MAX_REPLY_BYTES} bytes`);
    }
    parts.push(chunk);
  }
  return concatBytes(...parts);
}

function parseRetryAfter(value: string | undefined): number | undefined {
  const s = value === undefined ? NaN : Number(value);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

/** POSTs `body` as JSON; returns the parsed JSON object of a 200 reply, otherwise throws a {@link ClaimError}. */
export async function postClaimJson(options: ClaimHttpOptions, url: string, body: unknown): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.authorization) headers["Authorization"] = options.authorization;
  const request: HttpRequest = { method: "POST", url, headers, body: utf8Encode(JSON.stringify(body)), timeoutMs: options.timeoutMs ?? 30000 };
  if (url.startsWith("https://")) request.tls = { ca: options.ca ?? [] };
  let response;
  try {
    response = await options.http.request(request);
  } catch (error) {
    throw new ClaimError("unreachable", `claim service unreachable (${url}): ${error instanceof Error ? error.message : String(error)}`);
  }
  let text: string;
  try {
    text = utf8Decode(await readBody(response));
  } catch (error) {
    if (error instanceof ClaimError) throw error;
    throw new ClaimError("unreachable", `claim reply broken off (${url}): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status !== 200) {
    const detail = text.length > 200 ? text.slice(0, 200) + "..." : text;
    const where = `${url} answered ${response.status}: ${detail}`;
    if (response.status === 429) throw new ClaimError("rate-limited", where, 429, parseRetryAfter(response.headers["retry-after"]));
    if (response.status >= 500) throw new ClaimError("server-error", where, response.status);
    if (response.status === 408) throw new ClaimError("unreachable", where, 408);
    throw new ClaimError("rejected", where, response.status);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ClaimError("bad-reply", `${url} answered 200 with a body that is not JSON`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new ClaimError("bad-reply", `${url} answered 200 without a JSON object`);
  return parsed as Record<string, unknown>;
}

/** A required non-empty string field of a reply. */
export function replyString(reply: Record<string, unknown>, field: string, maxLength = 8192): string {
  const v = reply[field];
  if (typeof v !== "string" || v.length === 0 || v.length > maxLength) throw new ClaimError("bad-reply", `claim reply lacks a usable "${field}"`);
  return v;
}

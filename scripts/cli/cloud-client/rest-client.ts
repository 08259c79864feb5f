/**
 * REST calls of the user CLI against a RainMaker-compatible cloud [cloud-rest-api 0]: raw access token in
 * `Authorization`, refresh through `login2 {"refreshtoken"}` when the token's `exp` has passed, failures
 * reported as `Failure (<error_code>): <description>`.
 */
import type { CloudSession } from "./profile";
import { saveSession } from "./profile";

export class CloudError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = "CloudError";
  }
}

export interface RestResult {
  status: number;
  body: unknown;
}

const TimeoutMs = 10_000;

export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

export async function callJson(url: string, init: { method: string; token?: string; body?: unknown }): Promise<RestResult> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.token) headers.authorization = init.token;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(TimeoutMs),
    });
  } catch (err) {
    throw new CloudError(`cannot reach ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message below
  }
  if (res.status >= 400) throw new CloudError(describeFailure(res.status, body), res.status);
  return { status: res.status, body };
}

export function describeFailure(status: number, body: unknown): string {
  const b = body as { error_code?: unknown; description?: unknown; message?: unknown } | null;
  if (b && typeof b === "object" && typeof b.description === "string") {
    return b.error_code !== undefined ? `Failure (${String(b.error_code)}): ${b.description}` : `Failure: ${b.description}`;
  }
  if (b && typeof b === "object" && typeof b.message === "string") return `Error: ${b.message}`;
  return `HTTP ${status}: ${typeof body === "string" ? body.slice(0, 200) : JSON.stringify(body)}`;
}

/** `exp` of a JWT-shaped token in seconds, or 0 when unreadable. */
export function tokenExpiry(token: string): number {
  try {
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp : 0;
  } catch {
    return 0;
  }
}

/** An authenticated client that refreshes the session (and saves it) when the access token expired. */
export class SessionClient {
  constructor(
    private session: CloudSession,
    private readonly profileDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<RestResult> {
    return callJson(apiUrl(this.session.baseUrl, path), { method, token: await this.accessToken(), body });
  }

  /** A current access token (refreshed first when it expired), for clients that call the cloud themselves. */
  async accessToken(): Promise<string> {
    if (tokenExpiry(this.session.accesstoken) * 1000 <= this.now()) await this.refresh();
    return this.session.accesstoken;
  }

  get baseUrl(): string {
    return this.session.baseUrl;
  }

  private async refresh(): Promise<void> {
    let res: RestResult;
    try {
      res = await callJson(apiUrl(this.session.baseUrl, "/v1/login2"), { method: "POST", body: { refreshtoken: this.session.refreshtoken } });
    } catch (err) {
      throw new CloudError(`Session expired, log in again (${err instanceof Error ? err.message : String(err)})`);
    }
    const t = res.body as { accesstoken?: unknown; idtoken?: unknown };
    if (typeof t.accesstoken !== "string" || typeof t.idtoken !== "string") throw new CloudError("Session refresh gave no tokens");
    this.session = { ...this.session, accesstoken: t.accesstoken, idtoken: t.idtoken };
    saveSession(this.profileDir, this.session);
  }
}

/**
 * The public REST API as the page uses it: raw access token in `Authorization`, JSON bodies, failures
 * as `{"status":"failure","error_code","description"}` [cloud-rest-api 0].
 */
export class ApiFailure extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

export interface ApiOptions {
  token(): string | null;
  /** Called on 401 (expired or ended session). */
  onUnauthorized(): void;
}

export class Api {
  constructor(private readonly options: ApiOptions) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), "application/json");
  }

  /** Raw bytes upload (OTA image). */
  async bytes<T>(path: string, data: ArrayBuffer): Promise<T> {
    return this.send<T>("POST", path, data, "application/octet-stream");
  }

  private async send<T>(method: string, path: string, body: BodyInit | undefined, type: string): Promise<T> {
    const headers: Record<string, string> = {};
    const token = this.options.token();
    if (token) headers.authorization = token;
    if (body !== undefined) headers["content-type"] = type;
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body });
    } catch {
      throw new ApiFailure(0, "The cloud is not reachable");
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      if (res.ok) throw new ApiFailure(res.status, "The cloud sent a response that is not JSON");
    }
    if (!res.ok) {
      if (res.status === 401 && token) this.options.onUnauthorized();
      const d = parsed as { description?: unknown; message?: unknown } | undefined;
      const message = typeof d?.description === "string" ? d.description : typeof d?.message === "string" ? d.message : `HTTP ${res.status}`;
      throw new ApiFailure(res.status, message);
    }
    return parsed as T;
  }
}

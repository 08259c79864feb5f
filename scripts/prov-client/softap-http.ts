/** SoftAP transport of the provisioning client: node:http `POST /<endpoint>` on one keep-alive socket [spec 6.1]. */
import { Agent, request } from "node:http";
import { DeviceClosedError, type ProvTransport } from "../../firmware/protocol/protocomm/client/index";

export interface SoftApTransportOptions {
  /** `host:port`, e.g. `192.168.4.1:80`. */
  readonly host: string;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
}

export function parseHostPort(value: string): { hostname: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) throw new Error(`bad --host ${JSON.stringify(value)}: expected host:port`);
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`bad port in --host ${value}`);
  return { hostname: m[1]!, port };
}

/** Like esp_prov: `Content-type: application/x-www-form-urlencoded`, `Accept: text/plain`, cookie echoed. */
export function createSoftApTransport(options: SoftApTransportOptions): ProvTransport & { cookie(): string | undefined } {
  const { hostname, port } = parseHostPort(options.host);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let cookie: string | undefined;
  return {
    cookie: () => cookie,
    send(endpoint, body) {
      return new Promise<Uint8Array>((resolve, reject) => {
        const headers: Record<string, string> = {
          "Content-type": "application/x-www-form-urlencoded",
          Accept: "text/plain",
          "Content-Length": String(body.length),
        };
        if (cookie) headers["Cookie"] = cookie;
        const req = request({ hostname, port, method: "POST", path: `/${endpoint}`, headers, agent, timeout: options.timeoutMs ?? 10_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const setCookie = res.headers["set-cookie"]?.[0];
            if (setCookie) cookie = setCookie.split(";")[0]!.trim();
            if (res.statusCode !== 200) {
              reject(new Error(`${endpoint}: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString("latin1").slice(0, 80)}`));
              return;
            }
            resolve(new Uint8Array(Buffer.concat(chunks)));
          });
        });
        req.on("timeout", () => req.destroy(new Error(`${endpoint}: no reply within ${options.timeoutMs ?? 10_000} ms`)));
        req.on("error", (e: NodeJS.ErrnoException) => {
          if (e.code === "ECONNRESET" || e.message === "socket hang up") reject(new DeviceClosedError(endpoint));
          else reject(new Error(`${endpoint}: ${e.message}`));
        });
        req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

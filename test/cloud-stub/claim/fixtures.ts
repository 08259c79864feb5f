import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "mqtt";
import type { MqttClient } from "mqtt";
import { startCloudServer } from "../../../cloud-stub/server";
import type { CloudServer, CloudServerOptions } from "../../../cloud-stub/server";
import { hashPassword } from "../../../cloud-stub/auth/password";
import { RecordingLog } from "../broker/fixtures";

export interface JsonReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** POST/GET JSON over HTTP or HTTPS (trusting `ca`); the body is parsed as JSON whatever the status. */
export function requestJson(
  url: string,
  method: string,
  body: unknown,
  options: { ca?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<JsonReply> {
  const target = new URL(url);
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method,
        ca: options.ca,
        headers: { ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = { notJson: text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface CloudHarness {
  dir: string;
  server: CloudServer;
  log: RecordingLog;
  post(path: string, body: unknown, options?: { https?: boolean; token?: string; rawBody?: string }): Promise<JsonReply>;
  /** Creates a confirmed user and returns its access token (via `POST /v1/login2`). */
  userToken(userName?: string): Promise<string>;
  mqttConnect(nodeId: string, keyPem: string, certPem: string): Promise<MqttClient>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startCloudHarness(extra: Partial<CloudServerOptions> = {}): Promise<CloudHarness> {
  const dir = await mkdtemp(join(tmpdir(), "xsr-cloud-"));
  const log = new RecordingLog();
  const options: CloudServerOptions = { dataDir: dir, httpPort: 0, httpsPort: 0, mqttPort: 0, log, ...extra };
  const clients: MqttClient[] = [];
  const h: CloudHarness = {
    dir,
    server: await startCloudServer(options),
    log,
    post(path, body, opts = {}) {
      const base = opts.https ? h.server.urls.https : h.server.urls.http;
      return requestJson(`${base}${path}`, "POST", body, {
        ca: h.server.authority.caPem,
        headers: opts.token ? { authorization: opts.token } : {},
        rawBody: opts.rawBody,
      });
    },
    async userToken(userName = "maker@example.com") {
      const now = Date.now();
      if (!h.server.store.getUserByName(userName)) {
        h.server.store.createUser({
          userId: `u-${now}-${Math.floor(Math.random() * 1e6)}`,
          userName,
          passwordHash: await hashPassword("s3cret-pass"),
          name: "Maker",
          confirmed: true,
          createdAt: now,
        });
      }
      const reply = await h.post("/v1/login2", { user_name: userName, password: "s3cret-pass" });
      if (reply.status !== 200) throw new Error(`login failed: ${JSON.stringify(reply.body)}`);
      return reply.body.accesstoken as string;
    },
    mqttConnect(nodeId, keyPem, certPem) {
      const client = connect(h.server.urls.mqtt, {
        clientId: nodeId,
        key: keyPem,
        cert: certPem,
        ca: h.server.authority.caPem,
        reconnectPeriod: 0,
        connectTimeout: 5000,
      });
      clients.push(client);
      return new Promise((resolve, reject) => {
        client.once("connect", () => resolve(client));
        client.once("error", reject);
        client.once("close", () => reject(new Error("closed before CONNACK")));
      });
    },
    async restart() {
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
      await h.server.close();
      h.server = await startCloudServer(options);
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await h.server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/**
 * Load-generating child process of bench/cloud-broker.ts: opens this worker's share of the node
 * connections (mTLS like a device: TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256, P-256 client certificate)
 * and publishes QoS 1 `params/local`. Client TLS cost stays out of the broker process.
 * Args: <credentials json file> (`{ caPem, nodes: [{ nodeId, keyPem, certPem }] }`) [device|simulator]:
 * `simulator` offers what the host simulator's TLS does (TLS 1.2, Node's default suites) instead.
 */
import { readFile } from "node:fs/promises";
import { connect as tlsConnect, createSecureContext } from "node:tls";
import type { SecureContext, TLSSocket } from "node:tls";
import { connect } from "mqtt";
import type { MqttClient } from "mqtt";
import { serveRequests } from "./bench-ipc";
import { epochMs, stampedParams } from "./latency-samples";

export interface NodeCredentials { nodeId: string; keyPem: string; certPem: string }

/** What the ESP32 firmware negotiates with the RainMaker broker. */
export const DeviceTls = Object.freeze({ maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256" } as const);
/** What host-sim/adapters/tls-material.ts offers: TLS 1.2 with Node's default suites. */
const SimulatorTls = Object.freeze({ maxVersion: "TLSv1.2" } as const);
const clientTls = process.argv[3] === "simulator" ? SimulatorTls : DeviceTls;

interface Link { nodeId: string; socket: TLSSocket; mqtt?: MqttClient }

const { caPem, nodes } = JSON.parse(await readFile(process.argv[2]!, "utf8")) as { caPem: string; nodes: NodeCredentials[] };
const sessions = new Map<string, Buffer>();
let links: Link[] = [];

/**
 * Each node's key, certificate and CA parsed once, before any timed phase: a device has its
 * credentials loaded long before it connects, and parsing them here (about 1 ms of CPU per connect)
 * would only slow the load generator that shares the machine with the broker.
 */
const contexts = new Map<string, SecureContext>(
  nodes.map((n) => [n.nodeId, createSecureContext({ ...clientTls, key: n.keyPem, cert: n.certPem, ca: caPem })]),
);

function tlsOptions(n: NodeCredentials, resume: boolean): { secureContext: SecureContext; session?: Buffer } {
  const session = resume ? sessions.get(n.nodeId) : undefined;
  return { secureContext: contexts.get(n.nodeId)!, ...(session ? { session } : {}) };
}

function openMqtt(url: string, n: NodeCredentials, resume: boolean): Promise<Link> {
  const client = connect(url, { ...tlsOptions(n, resume), clientId: n.nodeId, reconnectPeriod: 0, connectTimeout: 60_000, keepalive: 600 });
  return new Promise((resolve, reject) => {
    client.once("connect", () => resolve({ nodeId: n.nodeId, socket: client.stream as TLSSocket, mqtt: client }));
    client.once("error", reject);
    client.once("close", () => reject(new Error(`${n.nodeId}: closed before CONNACK`)));
  });
}

function openTls(url: string, n: NodeCredentials, resume: boolean): Promise<Link> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ ...tlsOptions(n, resume), host: hostname, port: Number(port) }, () => resolve({ nodeId: n.nodeId, socket }));
    socket.once("error", reject);
  });
}

/**
 * Opens the connections of this worker's nodes in the fraction [from, to) of its share (default all),
 * or only the first `limit`, with at most `concurrency` handshakes in flight; adds them to the open ones.
 */
async function openAll(args: Record<string, unknown>): Promise<{ ms: number; opened: number; failed: number; resumed: number }> {
  const { url, kind, concurrency, resume, limit, from = 0, to = 1 } = args as {
    url: string; kind: "mqtt" | "tls"; concurrency: number; resume: boolean; limit?: number; from?: number; to?: number;
  };
  const share = limit !== undefined ? nodes.slice(0, limit) : nodes.slice(Math.round(from * nodes.length), Math.round(to * nodes.length));
  const opened: Link[] = [];
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  async function lane(): Promise<void> {
    while (next < share.length) {
      const n = share[next++]!;
      try {
        const link = await (kind === "mqtt" ? openMqtt(url, n, resume) : openTls(url, n, resume));
        opened.push(link);
      } catch {
        failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  const ms = performance.now() - t0;
  links.push(...opened);
  let resumed = 0;
  for (const link of opened) {
    if (link.socket.isSessionReused()) resumed++;
    const session = link.socket.getSession();
    if (session) sessions.set(link.nodeId, session);
  }
  return { ms, opened: opened.length, failed, resumed };
}

async function closeAll(): Promise<void> {
  await Promise.all(
    links.map((l) => (l.mqtt ? l.mqtt.endAsync(true) : new Promise<void>((resolve) => l.socket.end(resolve)))),
  );
  links = [];
}

const topicOf = (nodeId: string) => `$aws/rules/esp_set_params/node/${nodeId}/params/local`;

/** Closed loop: every client publishes back to back (waiting for each PUBACK) until the deadline. */
async function saturate(args: Record<string, unknown>): Promise<{ acked: number; ms: number }> {
  const { durationMs } = args as { durationMs: number };
  let acked = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(
    links.map(async (l) => {
      for (let m = 0; performance.now() < deadline; m++) {
        await l.mqtt!.publishAsync(topicOf(l.nodeId), stampedParams(m), { qos: 1 });
        acked++;
      }
    }),
  );
  return { acked, ms: performance.now() - t0 };
}

/** Open loop at a fixed rate, round-robin over the clients (device-like traffic, for latency). */
async function paced(args: Record<string, unknown>): Promise<{ sent: number; acked: number; ms: number }> {
  const { durationMs, ratePerS } = args as { durationMs: number; ratePerS: number };
  let sent = 0;
  let acked = 0;
  const t0 = epochMs();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = epochMs() - t0;
      const due = Math.min(Math.floor((elapsed * ratePerS) / 1000), Math.floor((durationMs * ratePerS) / 1000));
      for (; sent < due; sent++) {
        const l = links[sent % links.length]!;
        l.mqtt!.publish(topicOf(l.nodeId), stampedParams(sent), { qos: 1 }, (error) => {
          if (!error) acked++;
        });
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  for (let waited = 0; acked < sent && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return { sent, acked, ms: epochMs() - t0 };
}

serveRequests({ open: openAll, close: closeAll, saturate, paced }, { nodes: nodes.length });

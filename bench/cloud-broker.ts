/**
 * The local cloud's MQTT transport under load, embedded aedes (mTLS) vs Mosquitto (mTLS, the stub's
 * rules attached as a client), same machine, same clients: N MQTT.js clients with real node
 * certificates (default 200, `--clients 1000`) each publish QoS 1 `params/local` messages.
 * Prints mTLS connects/s, publish throughput (all PUBACKs), publish-to-rule latency p50/p99 and broker
 * RSS per idle mTLS connection. Each broker side runs in its own process. Timing never fails the run.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import Database from "better-sqlite3";
import { connect } from "mqtt";
import type { MqttClient } from "mqtt";
import { startMtlsBroker } from "../cloud-stub/broker";
import { attachExternalBroker } from "../cloud-stub/broker-external";
import type { BrokerSink } from "../cloud-stub/broker";
import type { CloudLog } from "../cloud-stub/deps";
import { loadOrCreateDevCa } from "../cloud-stub/pki/dev-ca";
import { CertificateAuthority } from "../cloud-stub/pki/certificate-authority";
import { loadOrCreateServerCredentials, loadOrCreateServiceCredentials } from "../cloud-stub/pki/server-credentials";
import { PkiNames } from "../cloud-stub/pki/pki-constants";
import { Pkcs10CertificateRequestGenerator, PemConverter } from "../cloud-stub/pki/x509";
import { openClaimStore } from "../cloud-stub/store/claims-sqlite";
import { findMosquitto, startMosquitto } from "../cloud-stub/mosquitto-process";
import { printFigure } from "./lib/figures";

const SilentLog: CloudLog = { info() {}, warn() {}, error() {} };
const wallMs = () => performance.timeOrigin + performance.now();

interface Stats { count: number; p50: number; p99: number }
type ChildRequest = { op: "stats" } | { op: "reset" } | { op: "rss" };

function summarise(latencies: number[]): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** Child process: the rule side (embedded broker, or the link to Mosquitto) recording latencies. */
async function runChild(mode: string, dataDir: string, url: string | undefined): Promise<void> {
  let latencies: number[] = [];
  const sink: BrokerSink = {
    onMqttMessage(ev) {
      const sent = Number(Buffer.from(ev.payload).toString("utf8").split('"t":')[1]?.split("}")[0]);
      if (Number.isFinite(sent)) latencies.push(wallMs() - sent);
    },
    onConnectivity() {},
  };
  const db = new Database(join(dataDir, "cloud.sqlite"));
  const authority = new CertificateAuthority(await loadOrCreateDevCa(dataDir), openClaimStore(db));
  let port = 0;
  if (mode === "stub") {
    const broker = await startMtlsBroker({ authority, server: await loadOrCreateServerCredentials(dataDir, authority), sink, log: SilentLog });
    port = broker.port;
  } else {
    const service = await loadOrCreateServiceCredentials(dataDir, authority);
    await attachExternalBroker({ url: url!, caPem: authority.caPem, certPem: service.certPem, keyPem: service.keyPem, sink, log: SilentLog });
  }
  process.on("message", (msg: ChildRequest) => {
    if (msg.op === "reset") {
      latencies = [];
      process.send!({ op: "reset" });
    }
    if (msg.op === "stats") process.send!({ op: "stats", stats: summarise(latencies) });
    if (msg.op === "rss") void rssKb(process.pid).then((kb) => process.send!({ op: "rss", kb }));
  });
  process.send!({ op: "ready", port });
}

function ask<T>(child: ChildProcess, op: ChildRequest["op"]): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (msg: { op: string } & T) => {
      if (msg.op !== op) return;
      child.off("message", onMessage);
      resolve(msg);
    };
    child.on("message", onMessage);
    child.send({ op });
  });
}

function startChild(mode: string, dataDir: string, url?: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(import.meta.filename, ["--child", mode, dataDir, ...(url ? [url] : [])], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${mode} child exited with ${code}`)));
    child.on("message", (msg: { op: string; port?: number }) => {
      if (msg.op === "ready") resolve({ child, port: msg.port ?? 0 });
    });
  });
}

interface NodeCreds { nodeId: string; keyPem: string; certPem: string }

async function issueNodes(authority: CertificateAuthority, count: number): Promise<NodeCreds[]> {
  const out: NodeCreds[] = [];
  const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const keyPem = PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  for (let i = 0; i < count; i++) {
    const nodeId = `BENCH${String(i).padStart(7, "0")}`;
    const csr = await Pkcs10CertificateRequestGenerator.create(
      { name: `CN=${nodeId}`, keys: keys as never, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as never },
      webcrypto as never,
    );
    const issued = await authority.issueFromCsr(csr.toString("pem"), nodeId);
    if (!issued.ok) throw new Error(issued.message);
    out.push({ nodeId, keyPem, certPem: issued.certificatePem });
  }
  return out;
}

async function connectAll(url: string, ca: string, nodes: NodeCreds[], concurrency: number): Promise<MqttClient[]> {
  const clients: MqttClient[] = new Array(nodes.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < nodes.length) {
      const i = next++;
      const n = nodes[i]!;
      const client = connect(url, { clientId: n.nodeId, key: n.keyPem, cert: n.certPem, ca, reconnectPeriod: 0, connectTimeout: 30_000, keepalive: 120 });
      await new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("error", reject);
        client.once("close", () => reject(new Error(`${n.nodeId}: connection closed before CONNACK`)));
      });
      clients[i] = client;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

interface Result { label: string; connectsPerS: number; msgsPerS: number; p50: number; p99: number; kbPerConn: number; delivered: number; sent: number }

async function measure(label: string, url: string, ca: string, nodes: NodeCreds[], perClient: number, rssOf: () => Promise<number>, child: ChildProcess): Promise<Result> {
  const rssBefore = await rssOf();
  const t0 = performance.now();
  const clients = await connectAll(url, ca, nodes, 25);
  const connectS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  const rssIdle = await rssOf();
  await ask(child, "reset");
  const t1 = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      const topic = `$aws/rules/esp_set_params/node/${nodes[i]!.nodeId}/params/local`;
      for (let m = 0; m < perClient; m++) {
        await client.publishAsync(topic, `{"Switch":{"Power":${m % 2 === 0}},"t":${wallMs()}}`, { qos: 1 });
      }
    }),
  );
  const publishS = (performance.now() - t1) / 1000;
  const sent = clients.length * perClient;
  let stats = (await ask<{ stats: Stats }>(child, "stats")).stats;
  for (let waited = 0; stats.count < sent && waited < 5000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    stats = (await ask<{ stats: Stats }>(child, "stats")).stats;
  }
  await Promise.all(clients.map((c) => c.endAsync(true)));
  return {
    label,
    connectsPerS: nodes.length / connectS,
    msgsPerS: sent / publishS,
    p50: stats.p50,
    p99: stats.p99,
    kbPerConn: (rssIdle - rssBefore) / nodes.length,
    delivered: stats.count,
    sent,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const clientsArg = args.indexOf("--clients");
  const clientCount = clientsArg >= 0 ? Number(args[clientsArg + 1]) : 200;
  const perClient = 5;
  const dataDir = await mkdtemp(join(tmpdir(), "xsr-bench-broker-"));
  const children: ChildProcess[] = [];
  let mosquittoStop: (() => Promise<void>) | undefined;
  try {
    const db = new Database(join(dataDir, "cloud.sqlite"));
    const authority = new CertificateAuthority(await loadOrCreateDevCa(dataDir), openClaimStore(db));
    await loadOrCreateServerCredentials(dataDir, authority);
    await loadOrCreateServiceCredentials(dataDir, authority);
    const tIssue = performance.now();
    const nodes = await issueNodes(authority, clientCount);
    const issueS = (performance.now() - tIssue) / 1000;
    db.close();
    console.log(`${clientCount} node certificates issued in ${issueS.toFixed(1)} s; ${perClient} QoS 1 publishes per client`);

    const results: Result[] = [];
    const stub = await startChild("stub", dataDir);
    children.push(stub.child);
    const stubRss = async () => (await ask<{ kb: number }>(stub.child, "rss")).kb;
    results.push(await measure("embedded aedes (mTLS)", `mqtts://127.0.0.1:${stub.port}`, authority.caPem, nodes, perClient, stubRss, stub.child));
    stub.child.kill();

    const binary = findMosquitto();
    if (!binary) {
      console.log("mosquitto not installed: Mosquitto column skipped (apt-get install mosquitto)");
    } else {
      const mosq = await startMosquitto(binary, dataDir, PkiNames.serviceCn);
      mosquittoStop = () => mosq.stop();
      const link = await startChild("link", dataDir, mosq.url);
      children.push(link.child);
      results.push(await measure("Mosquitto + rules client", mosq.url, authority.caPem, nodes, perClient, () => rssKb(mosq.pid), link.child));
    }

    console.log("");
    console.log("| broker | mTLS connects/s | QoS1 publishes/s | rule latency p50 ms | p99 ms | RSS KB / idle conn | delivered |");
    console.log("|---|---|---|---|---|---|---|");
    for (const r of results) {
      console.log(`| ${r.label} | ${r.connectsPerS.toFixed(0)} | ${r.msgsPerS.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.kbPerConn.toFixed(1)} | ${r.delivered}/${r.sent} |`);
    }
    console.log("");
    for (const r of results) {
      const tag = r.label.startsWith("embedded") ? "aedes" : "mosquitto";
      printFigure({ label: `${tag} mTLS connects per s (${clientCount} clients)`, value: Math.round(r.connectsPerS), unit: "conn/s" });
      printFigure({ label: `${tag} QoS1 params/local throughput`, value: Math.round(r.msgsPerS), unit: "msg/s" });
      printFigure({ label: `${tag} publish-to-rule p50`, value: r.p50, unit: "ms" });
      printFigure({ label: `${tag} publish-to-rule p99`, value: r.p99, unit: "ms" });
      printFigure({ label: `${tag} RSS per idle mTLS connection`, value: r.kbPerConn, unit: "KB" });
    }
  } finally {
    for (const c of children) c.kill();
    await mosquittoStop?.();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  await runChild(process.argv[3]!, process.argv[4]!, process.argv[5]);
} else {
  await main();
  process.exit(0);
}

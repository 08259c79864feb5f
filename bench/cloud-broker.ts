/**
 * The local cloud's MQTT transport under load, side by side: the stub's embedded aedes mTLS broker,
 * Mosquitto (mTLS, the stub's rules attached as a client), and a bare node:tls server (Node's floor
 * per TLS connection). The broker runs in its own process; the device connections come from two
 * separate client processes (bench/lib/broker-load-client.ts), so client TLS work is not counted
 * against the broker's memory or connect rate.
 *
 * Per broker: mTLS connects/s with bounded parallel handshakes: full handshakes (every device's first
 * connect), then reconnects that resume the TLS 1.2 session from a ticket (a device keeping its
 * session, e.g. esp-tls client session tickets; esp-mqtt does not by default); broker RSS (and V8
 * heap) delta from 0 to N idle connections / N, and over the second half only; publish-to-rule
 * latency p50/p99 at a fixed device-like rate (timestamp in the payload vs the rule's receive time,
 * same host clock); saturated QoS 1 `params/local` throughput; broker CPU time per connect and per
 * message (steadier than rates on a shared machine).
 * Args: `--clients N` (default 200), `--rate msg/s` (default 200), `--seconds s` per traffic phase
 * (default 4), `--brokers aedes,mosquitto,tls` (default all), `--client-tls simulator` (clients offer what
 * the host simulator does, TLS 1.2 with Node's default suites, so the stub serves its ECDSA certificate;
 * default: a device's ECDHE-RSA-AES128-GCM-SHA256 only). Timing never fails the run.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { loadOrCreateDevCa } from "../cloud-stub/pki/dev-ca";
import { CertificateAuthority } from "../cloud-stub/pki/certificate-authority";
import { loadOrCreateServerCredentials, loadOrCreateServiceCredentials } from "../cloud-stub/pki/server-credentials";
import { PkiNames } from "../cloud-stub/pki/pki-constants";
import { openClaimStore } from "../cloud-stub/store/claims-sqlite";
import { findMosquitto, startMosquitto } from "../cloud-stub/mosquitto-process";
import { forkBenchChild } from "./lib/bench-ipc";
import type { BenchChild } from "./lib/bench-ipc";
import type { LatencySummary } from "./lib/latency-samples";
import { issueBenchNodes } from "./lib/node-certificates";
import { cpuMsOf, machineLine, rssKbOf } from "./lib/process-memory";
import { printFigure } from "./lib/figures";

const LIB = join(import.meta.dirname, "lib");
const CLIENT_PROCESSES = 2;
const CONNECT_CONCURRENCY_PER_PROCESS = 16;
const WARM_UP_PER_PROCESS = 8;
const Targets = Object.freeze({ connectsPerS: 400, kbPerConnection: 20, p99Ms: 5, throughputRatio: 0.5 });

interface Options { clients: number; ratePerS: number; seconds: number; brokers: string[] }
interface Memory { rssKb: number; heapKb: number }
interface OpenResult { ms: number; opened: number; failed: number; resumed: number }

interface Column {
  label: string;
  coldPerS: number;
  /** Broker CPU (all threads) per full-handshake connect, ms: the broker's own cost, whatever the load generator does. */
  coldCpuMs: number;
  resumedPerS: number;
  resumedCpuMs: number;
  resumedShare: number;
  failed: number;
  rssKbPerConn: number;
  /** Over the second half of the connections only. */
  rssKbPerConnSlope: number;
  heapKbPerConn: number;
  paced?: LatencySummary & { sent: number };
  saturated?: { msgsPerS: number; delivered: number; acked: number; p50: number; p99: number; cpuUsPerMsg: number; brokerBusy: number; clientsBusy: number };
}

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function clientTlsArg(): "device" | "simulator" {
  const i = process.argv.indexOf("--client-tls");
  return i >= 0 && process.argv[i + 1] === "simulator" ? "simulator" : "device";
}

function brokerArg(): string[] {
  const i = process.argv.indexOf("--brokers");
  return i >= 0 ? process.argv[i + 1]!.split(",") : ["aedes", "mosquitto", "tls"];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface OpenPhase { seconds: number; cpuMs: number; opened: number; failed: number; resumed: number }

/** Opens the fraction [from, to) of every worker's nodes; wall time and broker CPU of just this phase. */
async function openEverywhere(workers: BenchChild[], pids: number[], url: string, kind: "mqtt" | "tls", resume: boolean, from = 0, to = 1): Promise<OpenPhase> {
  const cpu0 = await cpuOf(pids);
  const t0 = performance.now();
  const results = await Promise.all(workers.map((w) => w.request<OpenResult>("open", { url, kind, resume, from, to, concurrency: CONNECT_CONCURRENCY_PER_PROCESS })));
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = (await cpuOf(pids)) - cpu0;
  const sum = (k: keyof OpenResult) => results.reduce((s, r) => s + r[k], 0);
  return { seconds, cpuMs, opened: sum("opened"), failed: sum("failed"), resumed: sum("resumed") };
}

async function measure(
  label: string,
  /** Processes whose CPU time counts as the broker's (for Mosquitto: it and the stub's rules client). */
  pids: number[],
  url: string,
  kind: "mqtt" | "tls",
  rules: BenchChild | undefined,
  memory: () => Promise<Memory>,
  workers: BenchChild[],
  opts: Options,
): Promise<Column> {
  // Warm-up: one-time allocations (code, mqtt-packet's 64 Ki packet-id buffers, TLS contexts) are not per connection.
  await Promise.all(workers.map((w) => w.request("open", { url, kind, resume: false, concurrency: 4, limit: WARM_UP_PER_PROCESS })));
  if (kind === "mqtt") await Promise.all(workers.map((w) => w.request("paced", { durationMs: 500, ratePerS: 40 })));
  await Promise.all(workers.map((w) => w.request("close")));
  await sleep(500);
  const idle0 = await memory();
  // Two halves: the memory slope over the second half leaves out one-time growth (heap spaces, caches).
  const firstHalf = await openEverywhere(workers, pids, url, kind, false, 0, 0.5);
  await sleep(1000);
  const idleHalf = await memory();
  const secondHalf = await openEverywhere(workers, pids, url, kind, false, 0.5, 1);
  await sleep(1000);
  const idleN = await memory();
  const opened = firstHalf.opened + secondHalf.opened;
  const column: Column = {
    label,
    coldPerS: opened / (firstHalf.seconds + secondHalf.seconds),
    coldCpuMs: (firstHalf.cpuMs + secondHalf.cpuMs) / Math.max(1, opened),
    resumedPerS: NaN,
    resumedCpuMs: NaN,
    resumedShare: NaN,
    failed: firstHalf.failed + secondHalf.failed,
    rssKbPerConn: (idleN.rssKb - idle0.rssKb) / opened,
    rssKbPerConnSlope: (idleN.rssKb - idleHalf.rssKb) / Math.max(1, secondHalf.opened),
    heapKbPerConn: (idleN.heapKb - idle0.heapKb) / opened,
  };
  if (kind === "mqtt" && rules) {
    const durationMs = opts.seconds * 1000;
    await rules.request("reset");
    const paced = await Promise.all(workers.map((w) => w.request<{ sent: number }>("paced", { durationMs, ratePerS: opts.ratePerS / workers.length })));
    await sleep(300);
    column.paced = { ...(await rules.request<LatencySummary>("stats")), sent: paced.reduce((s, p) => s + p.sent, 0) };
    await rules.request("reset");
    const workerPids = workers.map((w) => w.child.pid!);
    const satCpu0 = await cpuOf(pids);
    const clientCpu0 = await cpuOf(workerPids);
    const t0 = performance.now();
    const sat = await Promise.all(workers.map((w) => w.request<{ acked: number }>("saturate", { durationMs })));
    const seconds = (performance.now() - t0) / 1000;
    const satCpuMs = (await cpuOf(pids)) - satCpu0;
    const clientCpuMs = (await cpuOf(workerPids)) - clientCpu0;
    await sleep(300);
    const stats = await rules.request<LatencySummary>("stats");
    const acked = sat.reduce((s, r) => s + r.acked, 0);
    column.saturated = {
      msgsPerS: acked / seconds,
      acked,
      delivered: stats.count,
      p50: stats.p50,
      p99: stats.p99,
      cpuUsPerMsg: (satCpuMs * 1000) / Math.max(1, acked),
      brokerBusy: satCpuMs / (seconds * 1000),
      clientsBusy: clientCpuMs / (seconds * 1000 * workers.length),
    };
  }
  await Promise.all(workers.map((w) => w.request("close")));
  await sleep(1000);
  const resumed = await openEverywhere(workers, pids, url, kind, true);
  column.resumedCpuMs = resumed.cpuMs / Math.max(1, resumed.opened);
  column.resumedPerS = resumed.opened / resumed.seconds;
  column.resumedShare = resumed.resumed / Math.max(1, resumed.opened);
  column.failed += resumed.failed;
  await Promise.all(workers.map((w) => w.request("close")));
  return column;
}

async function cpuOf(pids: number[]): Promise<number> {
  return (await Promise.all(pids.map(cpuMsOf))).reduce((a, b) => a + b, 0);
}

const f = (v: number | undefined, digits = 0) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits));

function printTable(columns: Column[], opts: Options): void {
  const rows: [string, (c: Column) => string][] = [
    ["mTLS connects/s, full handshake", (c) => f(c.coldPerS)],
    ["broker CPU ms / full-handshake connect", (c) => f(c.coldCpuMs, 2)],
    ["=> full-handshake connects/s per broker core", (c) => f(1000 / c.coldCpuMs)],
    ["mTLS connects/s, resumed session", (c) => `${f(c.resumedPerS)} (${f(c.resumedShare * 100)}% resumed)`],
    ["broker CPU ms / resumed connect", (c) => f(c.resumedCpuMs, 2)],
    ["broker RSS KB / idle connection, 0 -> N", (c) => f(c.rssKbPerConn, 1)],
    ["broker RSS KB / idle connection, N/2 -> N", (c) => f(c.rssKbPerConnSlope, 1)],
    ["V8 heap KB / idle connection", (c) => f(c.heapKbPerConn, 1)],
    [`rule latency p50 ms @ ${opts.ratePerS} msg/s`, (c) => f(c.paced?.p50, 2)],
    [`rule latency p99 ms @ ${opts.ratePerS} msg/s`, (c) => f(c.paced?.p99, 2)],
    ["rule deliveries / sent (paced)", (c) => (c.paced ? `${c.paced.count}/${c.paced.sent}` : "-")],
    ["QoS 1 publishes/s, saturated", (c) => f(c.saturated?.msgsPerS)],
    ["broker (+ rules client) CPU us / message, saturated", (c) => f(c.saturated?.cpuUsPerMsg)],
    ["CPU busy, saturated: broker / each client process", (c) => (c.saturated ? `${f(c.saturated.brokerBusy * 100)}% / ${f(c.saturated.clientsBusy * 100)}%` : "-")],
    ["rule latency p50 / p99 ms, saturated", (c) => (c.saturated ? `${f(c.saturated.p50, 1)} / ${f(c.saturated.p99, 1)}` : "-")],
    ["failed connects", (c) => String(c.failed)],
  ];
  console.log("");
  console.log(`| ${opts.clients} mTLS clients | ${columns.map((c) => c.label).join(" | ")} |`);
  console.log(`|---|${columns.map(() => "---").join("|")}|`);
  for (const [name, cell] of rows) console.log(`| ${name} | ${columns.map(cell).join(" | ")} |`);
  const aedes = columns.find((c) => c.label.startsWith("aedes"));
  const mosq = columns.find((c) => c.label.startsWith("Mosquitto"));
  if (aedes && mosq) {
    console.log("");
    console.log(`aedes / Mosquitto: throughput ${f(aedes.saturated!.msgsPerS / mosq.saturated!.msgsPerS, 2)}x (target >= ${Targets.throughputRatio}x), ` +
      `connects ${f(aedes.coldPerS / mosq.coldPerS, 2)}x, memory per connection ${f(aedes.rssKbPerConn / mosq.rssKbPerConn, 1)}x`);
  }
  console.log(`targets: >= ${Targets.connectsPerS} connects/s, <= ${Targets.kbPerConnection} KB per idle connection, p99 <= ${Targets.p99Ms} ms`);
}

function printFigures(columns: Column[], opts: Options): void {
  for (const c of columns) {
    const tag = c.label.split(" ")[0]!.toLowerCase();
    printFigure({ label: `${tag} mTLS connects per s, full handshake (${opts.clients} clients; target >= ${Targets.connectsPerS})`, value: Math.round(c.coldPerS), unit: "conn/s" });
    printFigure({ label: `${tag} mTLS connects per s, resumed (${opts.clients} clients)`, value: Math.round(c.resumedPerS), unit: "conn/s" });
    printFigure({ label: `${tag} broker CPU per full-handshake connect (target <= ${(1000 / Targets.connectsPerS).toFixed(1)} for ${Targets.connectsPerS}/s on one core)`, value: c.coldCpuMs, unit: "ms" });
    printFigure({ label: `${tag} RSS per idle mTLS connection, 0 to N`, value: c.rssKbPerConn, unit: "KB", target: Targets.kbPerConnection });
    printFigure({ label: `${tag} RSS per idle mTLS connection, N/2 to N`, value: c.rssKbPerConnSlope, unit: "KB", target: Targets.kbPerConnection });
    if (c.paced) printFigure({ label: `${tag} publish-to-rule p99 @ ${opts.ratePerS} msg/s`, value: c.paced.p99, unit: "ms", target: Targets.p99Ms });
    if (c.saturated) printFigure({ label: `${tag} QoS1 params/local throughput`, value: Math.round(c.saturated.msgsPerS), unit: "msg/s" });
  }
}

async function main(): Promise<void> {
  const opts: Options = { clients: argValue("--clients", 200), ratePerS: argValue("--rate", 200), seconds: argValue("--seconds", 4), brokers: brokerArg() };
  console.log(`machine at start: ${machineLine()}`);
  const clientTls = clientTlsArg();
  const dataDir = await mkdtemp(join(tmpdir(), "xsr-bench-broker-"));
  const children: BenchChild[] = [];
  let stopMosquitto: (() => Promise<void>) | undefined;
  try {
    const db = new Database(join(dataDir, "cloud.sqlite"));
    const authority = new CertificateAuthority(await loadOrCreateDevCa(dataDir), openClaimStore(db));
    await loadOrCreateServerCredentials(dataDir, authority);
    await loadOrCreateServiceCredentials(dataDir, authority);
    const nodes = await issueBenchNodes(authority, opts.clients);
    db.close();
    const workers: BenchChild[] = [];
    for (let w = 0; w < CLIENT_PROCESSES; w++) {
      const file = join(dataDir, `clients-${w}.json`);
      await writeFile(file, JSON.stringify({ caPem: authority.caPem, nodes: nodes.filter((_, i) => i % CLIENT_PROCESSES === w) }));
      const worker = await forkBenchChild(join(LIB, "broker-load-client.ts"), [file, clientTls]);
      workers.push(worker);
      children.push(worker);
    }
    const offer = clientTls === "simulator" ? "TLS 1.2 with Node's default suites (as the host simulator)" : "TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256 only (as a device)";
    console.log(`${opts.clients} node certificates, ${CLIENT_PROCESSES} client processes x ${CONNECT_CONCURRENCY_PER_PROCESS} parallel handshakes; ` +
      `clients offer ${offer}, P-256 client keys; traffic phases ${opts.seconds} s`);

    const columns: Column[] = [];
    const brokerChild = async (mode: string, url?: string) => {
      const child = await forkBenchChild(join(LIB, "broker-under-test.ts"), [mode, dataDir, ...(url ? [url] : [])]);
      children.push(child);
      return child;
    };
    const memoryOf = (child: BenchChild) => () => child.request<Memory>("memory");

    if (opts.brokers.includes("aedes")) {
      const stub = await brokerChild("stub");
      const stubPort = (stub.ready as { port: number }).port;
      columns.push(await measure("aedes (stub)", [(stub.ready as { pid: number }).pid], `mqtts://127.0.0.1:${stubPort}`, "mqtt", stub, memoryOf(stub), workers, opts));
      stub.kill();
    }

    const binary = opts.brokers.includes("mosquitto") ? findMosquitto() : undefined;
    if (opts.brokers.includes("mosquitto") && !binary) {
      console.log("mosquitto not installed: Mosquitto column skipped (apt-get install mosquitto)");
    } else if (binary) {
      const mosq = await startMosquitto(binary, dataDir, PkiNames.serviceCn);
      stopMosquitto = () => mosq.stop();
      const link = await brokerChild("link", mosq.url);
      const mosqMemory = async (): Promise<Memory> => ({ rssKb: await rssKbOf(mosq.pid), heapKb: NaN });
      columns.push(await measure("Mosquitto 2", [mosq.pid, (link.ready as { pid: number }).pid], mosq.url, "mqtt", link, mosqMemory, workers, opts));
      link.kill();
      await stopMosquitto();
      stopMosquitto = undefined;
    }

    if (opts.brokers.includes("tls")) {
      const bare = await brokerChild("tls");
      const barePort = (bare.ready as { port: number }).port;
      columns.push(await measure("bare node:tls", [(bare.ready as { pid: number }).pid], `mqtts://127.0.0.1:${barePort}`, "tls", undefined, memoryOf(bare), workers, opts));
      bare.kill();
    }

    printTable(columns, opts);
    console.log(`machine at end: ${machineLine()}`);
    console.log("");
    printFigures(columns, opts);
  } finally {
    for (const c of children) c.kill();
    await stopMosquitto?.();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);

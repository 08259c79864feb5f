/**
 * Child process holding the broker side of bench/cloud-broker.ts, so its memory and CPU are the
 * broker's alone. Modes: `stub` (the stub's aedes mTLS broker, rule sink = latency recorder), `link`
 * (the stub's rules attached to an external Mosquitto), `tls` (bare node:tls server with the same
 * mTLS settings, `brokerTlsOptions`, that only holds sockets: Node's per-connection floor).
 * Args: <mode> <dataDir> [mqtt url for link].
 */
import { createServer } from "node:tls";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startMtlsBroker } from "../../cloud-stub/broker";
import type { BrokerSink } from "../../cloud-stub/broker";
import { brokerTlsOptions } from "../../cloud-stub/broker-tls";
import type { BrokerServerCertificates } from "../../cloud-stub/broker-tls";
import { attachExternalBroker } from "../../cloud-stub/broker-external";
import type { CloudLog } from "../../cloud-stub/deps";
import { loadOrCreateDevCa } from "../../cloud-stub/pki/dev-ca";
import { CertificateAuthority } from "../../cloud-stub/pki/certificate-authority";
import { loadOrCreateServerCredentials, loadOrCreateServiceCredentials } from "../../cloud-stub/pki/server-credentials";
import { openClaimStore } from "../../cloud-stub/store/claims-sqlite";
import { serveRequests } from "./bench-ipc";
import { LatencySamples } from "./latency-samples";
import { rssKbOf } from "./process-memory";

const SilentLog: CloudLog = { info() {}, warn() {}, error() {} };

async function settledMemory(): Promise<{ rssKb: number; heapKb: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  return { rssKb: await rssKbOf(process.pid), heapKb: process.memoryUsage().heapUsed / 1024 };
}

async function bareTlsServer(certificates: BrokerServerCertificates, ca: string): Promise<number> {
  const sockets = new Set<TLSSocket>();
  const server = createServer(brokerTlsOptions(certificates, ca));
  server.on("secureConnection", (socket) => {
    sockets.add(socket);
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const [mode, dataDir, url] = process.argv.slice(2);
const samples = new LatencySamples();
const sink: BrokerSink = { onMqttMessage: (ev) => samples.record(ev.payload), onConnectivity() {} };
const db = new Database(join(dataDir!, "cloud.sqlite"));
const authority = new CertificateAuthority(await loadOrCreateDevCa(dataDir!), openClaimStore(db));
let port = 0;
if (mode === "stub") {
  port = (await startMtlsBroker({ authority, server: await loadOrCreateServerCredentials(dataDir!, authority), sink, log: SilentLog })).port;
} else if (mode === "link") {
  const service = await loadOrCreateServiceCredentials(dataDir!, authority);
  await attachExternalBroker({ url: url!, caPem: authority.caPem, certPem: service.certPem, keyPem: service.keyPem, sink, log: SilentLog });
} else if (mode === "tls") {
  const server = await loadOrCreateServerCredentials(dataDir!, authority);
  port = await bareTlsServer(server, authority.caPem);
} else {
  throw new Error(`unknown mode ${mode}`);
}
serveRequests(
  {
    reset: () => samples.reset(),
    stats: () => samples.summary(),
    memory: settledMemory,
  },
  { port, pid: process.pid },
);

import { connect } from "mqtt";
import type { IClientOptions, MqttClient } from "mqtt";
import { startMtlsBroker } from "../../../cloud-stub/broker";
import type { BrokerSessionOptions, RunningBroker } from "../../../cloud-stub/broker";
import type { ConnectivityEvent, MqttRuleEvent } from "../../../cloud-stub/bus";
import type { CloudLog } from "../../../cloud-stub/deps";
import { loadOrCreateServerCredentials } from "../../../cloud-stub/pki/server-credentials";
import type { IssueOptions } from "../../../cloud-stub/pki/certificate-authority";
import { makeCsr, openTempPki } from "../pki/fixtures";
import type { CsrKey, TempPki } from "../pki/fixtures";

/** Log lines kept for assertions ("node X connected", "node X denied publish to Y"). */
export class RecordingLog implements CloudLog {
  readonly lines: string[] = [];
  info(msg: string): void {
    this.lines.push(`info ${msg}`);
  }
  warn(msg: string): void {
    this.lines.push(`warn ${msg}`);
  }
  error(msg: string): void {
    this.lines.push(`error ${msg}`);
  }
}

export interface NodeCredentials {
  nodeId: string;
  keyPem: string;
  certPem: string;
  serial: string;
}

export interface BrokerHarness {
  pki: TempPki;
  broker: RunningBroker;
  log: RecordingLog;
  messages: MqttRuleEvent[];
  connectivity: ConnectivityEvent[];
  credentials(nodeId: string, key?: CsrKey, options?: IssueOptions): Promise<NodeCredentials>;
  /** An MQTT.js client with the given certificate; resolves on CONNACK or rejects on the first error. */
  connectClient(creds: { keyPem: string; certPem: string }, clientId: string, extra?: IClientOptions): Promise<MqttClient>;
  close(): Promise<void>;
}

export async function startBrokerHarness(sessions?: BrokerSessionOptions): Promise<BrokerHarness> {
  const pki = await openTempPki();
  const server = await loadOrCreateServerCredentials(pki.dir, pki.authority);
  const log = new RecordingLog();
  const messages: MqttRuleEvent[] = [];
  const connectivity: ConnectivityEvent[] = [];
  const broker = await startMtlsBroker({
    authority: pki.authority,
    server,
    log,
    sink: { onMqttMessage: (ev) => void messages.push(ev), onConnectivity: (ev) => void connectivity.push(ev) },
    revocationSweepMs: 100,
    sessions,
  });
  const clients = new Set<MqttClient>();
  return {
    pki,
    broker,
    log,
    messages,
    connectivity,
    async credentials(nodeId, key = "ec-p256", options = {}) {
      const { csrPem, keyPem } = await makeCsr(nodeId, key);
      const issued = await pki.authority.issueFromCsr(csrPem, nodeId, options);
      if (!issued.ok) throw new Error(issued.message);
      return { nodeId, keyPem, certPem: issued.certificatePem, serial: issued.serial };
    },
    connectClient(creds, clientId, extra = {}) {
      const client = connect(broker.url, {
        clientId,
        key: creds.keyPem,
        cert: creds.certPem,
        ca: pki.authority.caPem,
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 5000,
        clean: true,
        ...extra,
      });
      clients.add(client);
      return new Promise((resolve, reject) => {
        client.once("connect", () => resolve(client));
        client.once("error", (error) => reject(error));
        client.once("close", () => reject(new Error("closed before CONNACK")));
      });
    },
    async close() {
      await Promise.all([...clients].map((c) => c.endAsync(true).catch(() => undefined)));
      await broker.close();
      await pki.close();
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

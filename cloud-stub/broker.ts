/**
 * The embedded MQTT broker: aedes over node:tls with mutual TLS. This file only holds the broker
 * hooks: identity from the client certificate, per-node ACL (`broker-acl.ts`), and the events the
 * application sees (`bus.ts`). Devices talk to it exactly as to the RainMaker broker [spec 3.1].
 */
import { createServer } from "node:tls";
import type { AddressInfo } from "node:net";
import type { Server, TLSSocket } from "node:tls";
import { Aedes } from "aedes";
import type { AuthenticateError, Client, PublishPacket } from "aedes";
import { OfflineQueueFullError } from "./bus";
import type { CloudBus, ConnectivityEvent, MqttRuleEvent } from "./bus";
import type { CloudLog } from "./deps";
import type { CertificateAuthority } from "./pki/certificate-authority";
import { PkiNames } from "./pki/pki-constants";
import { checkPublish, checkSubscribe, identityFromCommonName } from "./broker-acl";
import { brokerTlsOptions } from "./broker-tls";
import type { BrokerServerCertificates } from "./broker-tls";
import type { BrokerIdentity } from "./broker-acl";
import { BoundedSessionStore, BrokerSessionLimits } from "./broker-session-store";
import { SessionExpiry } from "./broker-session-expiry";
import { verifiedPeerCertificate } from "./peer-certificate";

/** What the broker reports to the application. */
export interface BrokerSink {
  /**
   * Called once per accepted publish, in arrival order; a returned promise is awaited before aedes
   * completes the publish (aedes 1.x has already sent the QoS 1 PUBACK). Throwing or rejecting is logged.
   */
  onMqttMessage(event: MqttRuleEvent): Promise<void> | void;
  onConnectivity(event: ConnectivityEvent): void;
}

export interface MtlsBrokerOptions {
  authority: CertificateAuthority;
  /**
   * TLS server key and certificate (PEM), signed by the dev CA; with `ecdsa`, a second (ECDSA) pair
   * for the clients that prefer it (`pki/server-credentials.ts`, `broker-tls.ts`).
   */
  server: BrokerServerCertificates;
  sink: BrokerSink;
  log: CloudLog;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  now?: () => number;
  /**
   * How often live node connections are re-checked against the registry; a revoked or expired
   * certificate is disconnected at the next sweep (default 10 s).
   */
  revocationSweepMs?: number;
  /** Limits on persistent sessions (cleanSession false); defaults in `BrokerSessionLimits`. */
  sessions?: BrokerSessionOptions;
}

export interface BrokerSessionOptions {
  /** QoS 1 messages queued for one offline node; newer ones are not queued (default 100). */
  maxQueuedPerNode?: number;
  /** A node offline this long loses its session (default 1 hour). */
  expiryMs?: number;
  /** How often expired sessions are removed (default 1 minute, at most `expiryMs`). */
  expirySweepMs?: number;
}

/** A running broker; also the application's `CloudBus` (privileged in-process publish). */
export interface RunningBroker extends CloudBus {
  readonly host: string;
  readonly port: number;
  /** mqtts:// URL clients connect to. */
  readonly url: string;
  /** Node ids with a live connection. */
  connectedNodes(): string[];
  close(): Promise<void>;
}

/** CONNACK return codes [MQTT 3.1.1 3.2.2.3]. */
const ConnackCode = Object.freeze({ IdentifierRejected: 2, NotAuthorized: 5 });

function authError(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/** Starts aedes on a TLS server that requires a client certificate from the dev CA. */
export async function startMtlsBroker(options: MtlsBrokerOptions): Promise<RunningBroker> {
  const { authority, log, sink } = options;
  const now = options.now ?? Date.now;
  const identities = new WeakMap<Client, BrokerIdentity>();
  const liveClient = new Map<string, Client>();
  const serials = new WeakMap<Client, string>();
  /** Connections closed for a revoked/expired certificate: their last will is not published. */
  const dropped = new WeakSet<Client>();
  const sessionOptions = options.sessions ?? {};
  const sessions = new BoundedSessionStore({ maxQueued: sessionOptions.maxQueuedPerNode ?? BrokerSessionLimits.maxQueuedPerNode, log });
  const expiryMs = sessionOptions.expiryMs ?? BrokerSessionLimits.sessionExpiryMs;
  const expiry = new SessionExpiry({
    expiryMs,
    sweepMs: sessionOptions.expirySweepMs ?? Math.min(BrokerSessionLimits.expirySweepMs, expiryMs),
    now,
    log,
    isOnline: (clientId) => sessions.isOnline(clientId),
    dropSession: (clientId) => sessions.dropSession(clientId),
  });

  const aedes = new Aedes({
    persistence: sessions,
    authenticate(client, _username, _password, done) {
      const socket = client.conn as TLSSocket;
      const cert = verifiedPeerCertificate(socket);
      if (!cert) {
        log.warn("mqtt connection refused: no verified client certificate", { clientId: client.id });
        return done(authError("client certificate required", ConnackCode.NotAuthorized), false);
      }
      const { commonName } = cert;
      const status = authority.checkClientCertificate(cert.serialNumber, commonName, now());
      if (!status.ok) {
        log.warn(`node ${commonName} refused: certificate ${status.reason}`, { serial: cert.serialNumber });
        return done(authError(`certificate ${status.reason}`, ConnackCode.NotAuthorized), false);
      }
      const identity = identityFromCommonName(commonName, PkiNames.serviceCn, status.kind === "service" ? "service" : "node");
      if (!identity || status.kind === "server") {
        log.warn(`certificate CN ${JSON.stringify(commonName)} is not a node id`, { serial: cert.serialNumber });
        return done(authError("certificate is not a node certificate", ConnackCode.NotAuthorized), false);
      }
      if (identity.kind === "node" && client.id !== identity.nodeId) {
        // [spec 3.1] the client id must be the node id
        log.warn(`node ${identity.nodeId} refused: client id ${JSON.stringify(client.id)} is not its node id`);
        return done(authError("client id must equal the certificate CN", ConnackCode.IdentifierRejected), false);
      }
      identities.set(client, identity);
      serials.set(client, cert.serialNumber);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const identity = client ? identities.get(client) : undefined;
      if (!client) return done(null);
      if (!identity) return done(new Error("unauthenticated"));
      if (dropped.has(client)) return done(new Error("certificate no longer valid"));
      const verdict = checkPublish(identity, packet.topic);
      if (verdict.ok) return done(null);
      log.warn(`${describe(identity)} denied publish to ${packet.topic}: ${verdict.reason}`);
      done(new Error(verdict.reason));
    },
    authorizeSubscribe(client, subscription, done) {
      const identity = identities.get(client);
      const verdict = identity ? checkSubscribe(identity, subscription.topic) : { ok: false as const, reason: "unauthenticated" };
      if (verdict.ok) return done(null, subscription);
      log.warn(`${identity ? describe(identity) : "client"} denied subscribe to ${subscription.topic}: ${verdict.reason}`);
      // A null subscription makes aedes answer SUBACK 0x80 (failure) for this filter.
      done(null, null);
    },
    published(packet, client, done) {
      const identity = client ? identities.get(client) : undefined;
      if (!identity || identity.kind !== "node") return done(null);
      const event: MqttRuleEvent = { topic: packet.topic, payload: new Uint8Array(packet.payload as Buffer), nodeId: identity.nodeId };
      const failed = (error: unknown) => {
        log.error("rule failed", { nodeId: identity.nodeId, topic: packet.topic, error: String(error) });
        done(null);
      };
      // No promise chain per message unless the rule is asynchronous (bench/cloud-broker.ts).
      let pending: Promise<void> | void;
      try {
        pending = sink.onMqttMessage(event);
      } catch (error) {
        return failed(error);
      }
      if (pending) pending.then(() => done(null), failed);
      else done(null);
    },
  });

  aedes.on("client", (client) => {
    sessions.connected(client);
    expiry.connected(client.id);
  });
  aedes.on("clientDisconnect", (client) => {
    sessions.disconnected(client);
    if (!sessions.isOnline(client.id)) expiry.disconnected(client);
  });
  aedes.on("clientReady", (client) => {
    const identity = identities.get(client);
    if (identity?.kind !== "node") return;
    liveClient.set(identity.nodeId, client);
    log.info(`node ${identity.nodeId} connected`);
    sink.onConnectivity({ nodeId: identity.nodeId, connected: true, at: now() });
  });
  aedes.on("clientDisconnect", (client) => {
    const identity = identities.get(client);
    if (identity?.kind !== "node") return;
    // A takeover by a newer connection of the same node is not a disconnect.
    if (liveClient.get(identity.nodeId) !== client) return;
    liveClient.delete(identity.nodeId);
    log.info(`node ${identity.nodeId} disconnected`);
    sink.onConnectivity({ nodeId: identity.nodeId, connected: false, at: now() });
  });
  aedes.on("clientError", (client, error) => {
    const identity = identities.get(client);
    log.warn(`${identity ? describe(identity) : "client"} error: ${error.message}`);
  });
  aedes.on("connectionError", (_client, error) => log.warn(`mqtt connection error: ${error.message}`));

  const sweep = setInterval(() => {
    for (const [nodeId, client] of liveClient) {
      const serial = serials.get(client);
      const status = serial ? authority.checkClientCertificate(serial, nodeId, now()) : { ok: false as const, reason: "unknown" };
      if (status.ok) continue;
      log.warn(`node ${nodeId} dropped: certificate ${status.reason}`);
      dropped.add(client);
      client.close();
    }
  }, options.revocationSweepMs ?? 10_000);
  sweep.unref();

  await aedes.listen();
  const server: Server = createServer(brokerTlsOptions(options.server, authority.caPem));
  server.on("secureConnection", (socket) => aedes.handle(socket));
  server.on("tlsClientError", (error, socket) => {
    log.warn(`tls handshake refused from ${socket.remoteAddress ?? "?"}: ${error.message}`);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    host,
    port,
    url: `mqtts://${host.includes(":") ? `[${host}]` : host}:${port}`,
    connectedNodes: () => [...liveClient.keys()].sort(),
    publish(topic, payload) {
      const body = Buffer.from(payload);
      const packet: PublishPacket = { cmd: "publish", topic, payload: body, qos: 1, retain: false, dup: false };
      return new Promise((resolve, reject) =>
        aedes.publish(packet, (error) => {
          if (error) return reject(error);
          // an offline node whose queue is full did not get it: the caller must not report success
          const refused = sessions.notQueuedFor(body);
          if (refused.length > 0) return reject(new OfflineQueueFullError(refused, sessions.maxQueued));
          resolve();
        }),
      );
    },
    async close() {
      clearInterval(sweep);
      expiry.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closed;
    },
  };
}

function describe(identity: BrokerIdentity): string {
  return identity.kind === "node" ? `node ${identity.nodeId}` : `service ${identity.name}`;
}

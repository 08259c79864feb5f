/**
 * The local cloud as one process: SQLite store, dev CA, MQTT transport (embedded aedes with mTLS, or
 * an external broker), the application core (`app.ts`) on HTTP, and the same routes on HTTPS (the
 * claim service's server-generated keys are only handed out there). Everything binds 127.0.0.1 by
 * default.
 */
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { createCloudApp, SilentLog } from "./app";
import type { CloudApp, CloudAppOptions } from "./app";
import type { CloudBus, ConnectivityEvent, MqttRuleEvent } from "./bus";
import type { CloudConfig, CloudLog } from "./deps";
import { openSqliteStore } from "./store/sqlite";
import type { SqliteStore } from "./store/sqlite";
import { openClaimStore } from "./store/claims-sqlite";
import type { ClaimStore } from "./store/claims";
import { loadOrCreateDevCa } from "./pki/dev-ca";
import { CertificateAuthority } from "./pki/certificate-authority";
import { DefaultServerNames, loadOrCreateServerCredentials, loadOrCreateServiceCredentials } from "./pki/server-credentials";
import type { ServerNames } from "./pki/server-credentials";
import { startMtlsBroker } from "./broker";
import type { BrokerSink, RunningBroker } from "./broker";
import { attachExternalBroker } from "./broker-external";
import type { ExternalBrokerLink } from "./broker-external";
import { ClaimService } from "./handlers/rest/claim-service";
import type { ClaimServiceOptions } from "./handlers/rest/claim-service";
import { claimRoutes } from "./handlers/rest/claim-routes";

export const CloudServerDefaults = Object.freeze({
  host: "127.0.0.1",
  httpPort: 8080,
  httpsPort: 8443,
  mqttPort: 8883,
  databaseFile: "cloud.sqlite",
});

export interface CloudServerOptions {
  /** Data directory: SQLite file, dev CA, server and service credentials. Created if missing. */
  dataDir: string;
  /** Listen address of every listener. Default 127.0.0.1. */
  host?: string;
  /** 0 = ephemeral. Defaults: 8080 / 8443 / 8883. */
  httpPort?: number;
  httpsPort?: number;
  mqttPort?: number;
  /** `mqtts://host:port` of an external broker: no embedded broker is started. */
  brokerUrl?: string;
  /** Names in the server certificate (default localhost, 127.0.0.1, ::1). */
  serverNames?: ServerNames;
  /**
   * Name or address devices use to reach this machine (e.g. its LAN IP when `host` is 0.0.0.0):
   * advertised as `mqtt_host`, added to the server certificate, and named in `urls` when `host` is a wildcard.
   */
  publicHost?: string;
  log?: CloudLog;
  /** Passed to the app (mqttHost and publicBaseUrl default to the listeners). */
  config?: Partial<CloudConfig>;
  /** Claim rate limits (e.g. a fleet claiming from one address needs a larger `attemptsPerAddress`). */
  claimLimits?: { readonly [K in keyof NonNullable<ClaimServiceOptions["limits"]>]?: number };
  /** QR payloads of simulated devices for the dashboard's add-device page. */
  qrPayloads?: CloudAppOptions["qrPayloads"];
}

export interface CloudServerUrls {
  /** REST base (the CLI's profile host is `<http>/v1/`). */
  http: string;
  /** Same routes over TLS with the dev CA; claim service base URL. */
  https: string;
  /** Where devices connect. */
  mqtt: string;
}

export interface CloudServer {
  readonly urls: CloudServerUrls;
  readonly mqttHost: string;
  readonly mqttPort: number;
  readonly app: CloudApp;
  readonly store: SqliteStore;
  readonly claims: ClaimStore;
  readonly authority: CertificateAuthority;
  readonly claimService: ClaimService;
  /** The embedded broker, or the link to the external one. */
  readonly transport: RunningBroker | ExternalBrokerLink;
  readonly external: boolean;
  /** Closes the app, the HTTPS and HTTP listeners, the transport, then the store. Idempotent. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const hostInUrl = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** The server certificate names plus the public host (as an IP or DNS SAN). */
function withPublicHost(names: ServerNames, publicHost: string | undefined): ServerNames {
  if (!publicHost) return names;
  if (isIP(publicHost)) return names.ipAddresses.includes(publicHost) ? names : { ...names, ipAddresses: [...names.ipAddresses, publicHost] };
  return names.dnsNames.includes(publicHost) ? names : { ...names, dnsNames: [...names.dnsNames, publicHost] };
}

export async function startCloudServer(options: CloudServerOptions): Promise<CloudServer> {
  const log = options.log ?? SilentLog;
  const host = options.host ?? CloudServerDefaults.host;
  const wildcard = host === "0.0.0.0" || host === "::";
  const publicHost = options.publicHost ?? (wildcard ? CloudServerDefaults.host : host);
  /** URLs name the listen address, or the public host when listening on every interface. */
  const urlHost = wildcard ? publicHost : host;
  await mkdir(options.dataDir, { recursive: true });
  const store = openSqliteStore(join(options.dataDir, CloudServerDefaults.databaseFile));
  const cleanups: Array<() => Promise<void> | void> = [() => store.close()];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const claims = openClaimStore(store.db);
    const ca = await loadOrCreateDevCa(options.dataDir);
    if (ca.created) log.info(`created dev CA in ${options.dataDir}`);
    const authority = new CertificateAuthority(ca, claims);
    const serverNames = withPublicHost(options.serverNames ?? DefaultServerNames, options.publicHost);
    const serverCreds = await loadOrCreateServerCredentials(options.dataDir, authority, serverNames);

    // The app is created after the transport (its config needs the MQTT port); events wait for it.
    let app: CloudApp | undefined;
    const sink: BrokerSink = {
      onMqttMessage: (ev: MqttRuleEvent) => app?.onMqttMessage(ev),
      onConnectivity: (ev: ConnectivityEvent) => app?.onConnectivity(ev),
    };
    let transport: RunningBroker | ExternalBrokerLink;
    let mqttHost: string;
    let mqttPort: number;
    if (options.brokerUrl) {
      const url = new URL(options.brokerUrl);
      if (url.protocol !== "mqtts:") throw new Error(`--broker must be an mqtts:// URL (mutual TLS), got ${options.brokerUrl}`);
      const service = await loadOrCreateServiceCredentials(options.dataDir, authority);
      transport = await attachExternalBroker({ url: options.brokerUrl, caPem: authority.caPem, certPem: service.certPem, keyPem: service.keyPem, sink, log });
      mqttHost = url.hostname.replace(/^\[|\]$/g, "");
      mqttPort = Number(url.port || 8883);
    } else {
      const broker = await startMtlsBroker({ authority, server: serverCreds, sink, log, host, port: options.mqttPort ?? CloudServerDefaults.mqttPort });
      transport = broker;
      mqttHost = publicHost;
      mqttPort = broker.port;
    }
    const linked = transport;
    cleanups.push(() => linked.close());

    const handler = (req: IncomingMessage, res: ServerResponse) => app!.http.routing(req, res);
    const httpServer = createHttpServer(handler);
    const httpsServer = createHttpsServer({ key: serverCreds.keyPem, cert: serverCreds.certPem }, handler);
    const httpPort = await listen(httpServer, options.httpPort ?? CloudServerDefaults.httpPort, host);
    cleanups.push(() => closeServer(httpServer));
    const httpsPort = await listen(httpsServer, options.httpsPort ?? CloudServerDefaults.httpsPort, host);
    cleanups.push(() => closeServer(httpsServer));
    const urls: CloudServerUrls = {
      http: `http://${hostInUrl(urlHost)}:${httpPort}`,
      https: `https://${hostInUrl(urlHost)}:${httpsPort}`,
      mqtt: options.brokerUrl ?? `mqtts://${hostInUrl(urlHost)}:${mqttPort}`,
    };

    const bus: CloudBus = { publish: (topic, payload) => linked.publish(topic, payload) };
    const config: Partial<CloudConfig> = { mqttHost, publicBaseUrl: urls.http, dataDir: options.dataDir, ...options.config };
    const claimService = new ClaimService({
      store: claims,
      authority,
      log,
      mqttHost: config.mqttHost ?? mqttHost,
      mqttPort,
      // the service declares its limits with the defaults' literal types; any positive number works
      limits: options.claimLimits as ClaimServiceOptions["limits"],
      onCertificateIssued(nodeId, certificatePem, now) {
        store.ensureNode(nodeId, now);
        store.setCertificate(nodeId, certificatePem, now);
      },
    });
    app = createCloudApp({ store, bus, log, config, extraRoutes: claimRoutes(claimService), qrPayloads: options.qrPayloads });
    const created = app;
    await created.http.ready();
    cleanups.push(() => created.close());

    let closing: Promise<void> | undefined;
    return {
      urls,
      mqttHost,
      mqttPort,
      app: created,
      store,
      claims,
      authority,
      claimService,
      transport,
      external: options.brokerUrl !== undefined,
      close: () => (closing ??= unwind()),
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

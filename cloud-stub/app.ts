/**
 * The local cloud's application core, independent of sockets: a fastify instance with every REST route
 * of `routes.ts` and the MQTT rule dispatcher. `server.ts` plugs it into real HTTP(S) and the broker.
 */
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import type { CloudBus, ConnectivityEvent, MqttRuleEvent } from "./bus";
import type { CloudStore } from "./store/store";
import { withDefaults } from "./deps";
import type { AppDeps, CloudClock, CloudConfig, CloudLog } from "./deps";
import { TokenService, loadOrCreateSecret } from "./auth/tokens";
import { RestRoutes, MqttRules } from "./routes";
import type { RestRoute } from "./handlers/rest/route";
import type { MqttRule } from "./handlers/mqtt/rule";
import { installRestRoutes } from "./handlers/rest/install";
import { dispatchMqtt } from "./handlers/mqtt/dispatch";
import { CloudEvents } from "./live/events";
import { observeStore } from "./live/observed-store";
import { DashboardAssets } from "./live/dashboard-assets";
import { installLiveChannel } from "./live/sse-route";
import { NodeSchemas } from "./handlers/mqtt/node-schemas";
import type { QrPayload } from "./live/live-deps";

export interface CloudAppOptions {
  store: CloudStore;
  bus: CloudBus;
  clock?: CloudClock;
  log?: CloudLog;
  config?: Partial<CloudConfig>;
  /** Routes added by other components (e.g. the claim service), same shape as `RestRoutes`. */
  extraRoutes?: readonly RestRoute[];
  /** Rules added by other components, same shape as `MqttRules`. */
  extraRules?: readonly MqttRule[];
  /** QR payloads of simulated devices, shown on the dashboard's add-device page. */
  qrPayloads?: () => readonly QrPayload[];
}

export interface CloudApp {
  /** Not listening; call `http.listen(...)` or use `http.inject(...)`. */
  http: FastifyInstance;
  deps: AppDeps;
  /** Runs the rule for the message's topic suffix; never rejects (bad input is logged and dropped). */
  onMqttMessage(ev: MqttRuleEvent): Promise<void>;
  /** Records online/offline with its timestamp. */
  onConnectivity(ev: ConnectivityEvent): void;
  /** Closes the HTTP instance (not the store, which the caller owns). */
  close(): Promise<void>;
}

export const SystemClock: CloudClock = Object.freeze({ now: () => Date.now() });

export const SilentLog: CloudLog = Object.freeze({ info() {}, warn() {}, error() {} });

export function createCloudApp(options: CloudAppOptions): CloudApp {
  const clock = options.clock ?? SystemClock;
  const config = withDefaults(options.config);
  const tokens = new TokenService(loadOrCreateSecret(options.store), clock, config.accessTokenTtlS);
  const log = options.log ?? SilentLog;
  const events = new CloudEvents(log);
  const live = { events, assets: new DashboardAssets(), qrPayloads: options.qrPayloads ?? (() => []) };
  const deps: AppDeps = { store: observeStore(options.store, events), bus: options.bus, clock, log, config, tokens, live, nodeSchemas: new NodeSchemas() };
  // No type coercion: a body is valid as sent or refused (query values are declared as strings).
  const http = Fastify({ logger: false, bodyLimit: config.bodyLimitBytes, ajv: { customOptions: { coerceTypes: false } } });
  installRestRoutes(http, [...RestRoutes, ...(options.extraRoutes ?? [])], deps);
  installLiveChannel(http, deps);
  const rules = [...MqttRules, ...(options.extraRules ?? [])];
  return {
    http,
    deps,
    onMqttMessage: (ev) => dispatchMqtt(rules, ev, deps),
    onConnectivity(ev) {
      try {
        deps.store.ensureNode(ev.nodeId, ev.at);
        deps.store.setConnectivity(ev.nodeId, { connected: ev.connected, timestamp: ev.at });
      } catch (err) {
        deps.log.error("connectivity update failed", { nodeId: ev.nodeId, error: String(err) });
      }
    },
    close: () => http.close(),
  };
}

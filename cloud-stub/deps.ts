/**
 * What every REST handler and MQTT rule receives: the store, the bus to devices, time, a logger,
 * settings and the token service. Built once by `createCloudApp`.
 */
import type { CloudBus } from "./bus";
import type { CloudStore } from "./store/store";
import type { TokenService } from "./auth/tokens";
import type { LiveDeps } from "./live/live-deps";
import type { NodeSchemas } from "./handlers/mqtt/node-schemas";

/** Structured logger; `fields` are plain JSON-able values. */
export interface CloudLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Wall clock in epoch milliseconds (a manual clock in tests). */
export interface CloudClock {
  now(): number;
}

/** Settings of the local cloud. Every field has a default (see `withDefaults`). */
export interface CloudConfig {
  /** Answered by `GET /mqtt_host` [spec 8]. */
  mqttHost: string;
  /** Optional `mqtt_cred_host` of `GET /mqtt_host`. */
  mqttCredHost?: string;
  /** Base URL devices use to download OTA images, e.g. `https://127.0.0.1:8443` (no trailing slash). */
  publicBaseUrl: string;
  /** Directory for OTA image files. */
  dataDir: string;
  /** Legacy mapping requests time out after this window [spec 5.1: 1 minute]. */
  mappingRequestTtlMs: number;
  /** Challenge-response requests default lifetime when the client sends no `timeout` [spec 5.2]. */
  challengeTtlMs: number;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  /** Largest JSON body accepted by ordinary routes. */
  bodyLimitBytes: number;
  /** Largest OTA image upload (raw or base64 JSON). */
  otaUploadLimitBytes: number;
  /** Time-series / alert records kept per node. */
  recordsKeptPerNode: number;
  /** Page size of `GET /v1/user/nodes`. */
  nodesPageSize: number;
}

export const DefaultCloudConfig: Readonly<CloudConfig> = Object.freeze({
  mqttHost: "127.0.0.1",
  publicBaseUrl: "http://127.0.0.1",
  dataDir: ".xs-rainmaker-cloud",
  mappingRequestTtlMs: 60_000,
  challengeTtlMs: 360_000,
  accessTokenTtlS: 3600,
  refreshTokenTtlS: 30 * 24 * 3600,
  bodyLimitBytes: 1024 * 1024,
  otaUploadLimitBytes: 8 * 1024 * 1024,
  recordsKeptPerNode: 100,
  nodesPageSize: 100,
});

export function withDefaults(partial: Partial<CloudConfig> | undefined): CloudConfig {
  return { ...DefaultCloudConfig, ...(partial ?? {}) };
}

export interface AppDeps {
  store: CloudStore;
  bus: CloudBus;
  clock: CloudClock;
  log: CloudLog;
  config: CloudConfig;
  tokens: TokenService;
  /** Live events, dashboard bundle and QR payloads of the web dashboard. */
  live: LiveDeps;
  /** Params schemas of the stored node configs, for checking reports. */
  nodeSchemas: NodeSchemas;
}

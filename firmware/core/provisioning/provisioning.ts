import type { BleGattPort } from "../../ports/ble";
import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { CryptoPort } from "../../ports/crypto";
import type { HttpServerHandle, HttpServerPort } from "../../ports/http-server";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import type { SystemPort } from "../../ports/system";
import type { WifiPort } from "../../ports/wifi";
import { utf8Encode } from "../../protocol/bytes";
import type { EndpointHandler } from "../../protocol/protocomm/endpoint";
import { createProtocomm, MAX_BODY_LENGTH, ProtocommEndpoint, type Protocomm } from "../../protocol/protocomm/protocomm";
import type { SecurityScheme } from "../../protocol/protocomm/security/scheme";
import { createSec0 } from "../../protocol/protocomm/security/sec0";
import { createSec1 } from "../../protocol/protocomm/security/sec1";
import { createSec2 } from "../../protocol/protocomm/security/sec2";
import { createProvConfigHandler } from "../../protocol/protocomm/handlers/prov-config";
import { createProvScanHandler } from "../../protocol/protocomm/handlers/prov-scan";
import { createProvCtrlHandler } from "../../protocol/protocomm/handlers/prov-ctrl";
import { createUserMappingHandler } from "../../protocol/protocomm/handlers/user-mapping";
import { createChallengeResponseHandler } from "../../protocol/protocomm/handlers/challenge-response";
import { RMakerConfigStatus } from "../../protocol/protocomm/schemas/index";
import { createProvisioningMath } from "../../crypto/provisioning-math";
import { bleProvisioningService, type BleLayoutOptions } from "./ble-layout";
import { createHandshakeThrottle, type HandshakeThrottle, type ThrottleOptions } from "./handshake-throttle";
import { deriveProvisioningIdentity, factoryRandomBytes, ProvisioningKv, qrCodeUrl, qrPayload, type ProvisioningIdentity, type ProvisioningTransport } from "./identity";
import { loadWifiCredentials, reprovisionRequested, storeUserMapping, storeWifiCredentials, type StoredUserMapping } from "./kv-state";
import { buildProtoVersion } from "./proto-version";
import { loadSec2Credentials } from "./sec2-verifier";
import { createSoftApHandler } from "./softap-http";
import { createWifiStation, type StationCredentials, type StationPhase, type WifiStation } from "./wifi-station";

/** Ports the provisioning state machine uses. */
export interface ProvisioningDeps {
  readonly clock: ClockPort;
  readonly kv: KvPort;
  readonly log: LogPort;
  readonly crypto: CryptoPort;
  readonly wifi: WifiPort;
  readonly system: SystemPort;
  /** Needed for the SoftAP transport. */
  readonly httpServer?: HttpServerPort;
  /** Needed for the BLE transport. */
  readonly ble?: BleGattPort;
}

/** How user and node get associated during provisioning [spec 5]. */
export type UserMappingMode = "cloud_user_assoc" | "ch_resp" | "none";

export interface ProvisioningConfig {
  /** Node id returned by `cloud_user_assoc` / `ch_resp`. */
  readonly nodeId: string;
  /** Default: BLE when a BLE port is given, else SoftAP. */
  readonly transport?: ProvisioningTransport;
  /** Default 2 [spec 6.7]. */
  readonly security?: 0 | 1 | 2;
  /** Custom PoP; default derived from fctry `random` or the MAC [spec 6.7]. */
  readonly pop?: string;
  /** Security 2 username (default `wifiprov`). */
  readonly username?: string;
  /** Default `cloud_user_assoc`. */
  readonly userMapping?: UserMappingMode;
  /** SoftAP HTTP server address (default 0.0.0.0:80 as on the board, i.e. 192.168.4.1:80). */
  readonly http?: { readonly port?: number; readonly host?: string };
  /** BLE service UUID and fixed characteristic ids (a Moddable build passes its compiled GATT table). */
  readonly ble?: BleLayoutOptions;
  /** Provisioning stops unprovisioned after this long (default 30 min; 0 = never). */
  readonly windowMs?: number;
  /**
   * Delay between success and stop (default 30 s, the IDF manager's auto-stop default). Clients poll
   * GetStatus only every 5 s (esp_prov, esp-rainmaker-cli), so a shorter delay hides the success.
   */
  readonly stopDelayMs?: number;
  /** Station connection attempts per ApplyConfig (default 5). */
  readonly wifiAttempts?: number;
  /** Wrong-PoP throttling. */
  readonly throttle?: Omit<ThrottleOptions, "clock" | "log">;
  /** Further encrypted endpoints in creation order (e.g. `rmaker_claim`). */
  readonly endpoints?: ReadonlyArray<readonly [string, EndpointHandler]>;
  /** Further app-info objects in `proto-ver` (before `prov`). */
  readonly appInfo?: Readonly<Record<string, { readonly ver: string; readonly cap: readonly string[] }>>;
}

/** Fills the `ch_resp` signature [spec 5.2]; the claiming work provides it (node key). */
export interface ChallengeSigner {
  sign(challenge: Uint8Array): Uint8Array | undefined;
}

export type ProvisioningOutcome =
  | { readonly result: "provisioned"; readonly ssid: string }
  | { readonly result: "stopped"; readonly reason: "window-expired" | "stopped" | "transport-failed" };

export type ProvisioningPhase = "idle" | "running" | "done";

export interface Provisioning {
  readonly identity: ProvisioningIdentity;
  /** QR / console payload JSON [spec 6.7]. */
  readonly qrPayload: string;
  readonly security: 0 | 1 | 2;
  readonly transport: ProvisioningTransport;
  /** True without stored Wi-Fi credentials or when re-provisioning was requested. */
  needed(): boolean;
  /** Starts the service unless not needed (`force` starts anyway). False when it did not start. */
  start(options?: { readonly force?: boolean }): Promise<boolean>;
  /** Stops the service now (transport closed, session dropped). */
  stop(): Promise<void>;
  phase(): ProvisioningPhase;
  station(): StationPhase;
  /** Resolves when provisioning ends. */
  done(): Promise<ProvisioningOutcome>;
  /** Enables `ch_resp` signatures; without a signer challenges answer Disabled. */
  setChallengeSigner(signer: ChallengeSigner | undefined): void;
  /** Mapping received over `cloud_user_assoc`, if any. */
  userMapping(): StoredUserMapping | undefined;
  /** Bound SoftAP HTTP port while running. */
  httpPort(): number | undefined;
  readonly throttle: HandshakeThrottle;
  /** The protocomm instance of the current run (for a further transport or tests). */
  protocomm(): Protocomm | undefined;
}

const DEFAULT_WINDOW_MS = 30 * 60_000;
// [IDF wifi_provisioning CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT, default 30 s]
const DEFAULT_STOP_DELAY_MS = 30_000;
const MAX_USER_FIELD = 256;

/**
 * The device provisioning state machine [spec 6, 5, issue 3 item 5]: starts when unprovisioned
 * (or when asked again), advertises `PROV_xxxxxx` with the derived PoP, serves protocomm over
 * SoftAP HTTP or BLE, stores the credentials once the station connected and stops 30 s later (the IDF default; clients poll the status after ApplyConfig).
 */
export function createProvisioning(deps: ProvisioningDeps, config: ProvisioningConfig): Provisioning {
  const { clock, kv, log, crypto, wifi } = deps;
  const security = config.security ?? 2;
  const transport: ProvisioningTransport = config.transport ?? (deps.ble ? "ble" : "softap");
  const username = config.username ?? "wifiprov";
  const mappingMode = config.userMapping ?? "cloud_user_assoc";
  const derived = deriveProvisioningIdentity(factoryRandomBytes(kv.get(ProvisioningKv.factoryNamespace, ProvisioningKv.factoryRandom)), deps.system.mac());
  const identity: ProvisioningIdentity = config.pop !== undefined ? { ...derived, pop: config.pop } : derived;
  const payload = qrPayload({ serviceName: identity.serviceName, pop: identity.pop, security, transport, username });
  const throttle = createHandshakeThrottle({ clock, log, ...(config.throttle ?? {}) });

  let phase: ProvisioningPhase = "idle";
  let protocomm: Protocomm | undefined;
  let station: WifiStation | undefined;
  let server: HttpServerHandle | undefined;
  let timers: TimerHandle[] = [];
  let signer: ChallengeSigner | undefined;
  let chRespDisabled = false;
  let mapping: StoredUserMapping | undefined;
  let finish: ((o: ProvisioningOutcome) => void) | undefined;
  let donePromise: Promise<ProvisioningOutcome> = new Promise((r) => (finish = r));

  const needed = (): boolean => loadWifiCredentials(kv) === undefined || reprovisionRequested(kv);

  function securityScheme(): SecurityScheme {
    const math = createProvisioningMath(crypto);
    if (security === 0) return createSec0();
    if (security === 1) return createSec1({ crypto, math, pop: utf8Encode(identity.pop) });
    const creds = loadSec2Credentials(kv, crypto, username, identity.pop);
    log.log("info", "prov", `security 2 verifier ${creds.cached ? "loaded from kv" : "derived from the PoP and cached"}`);
    return createSec2({ crypto, math, salt: creds.salt, verifier: creds.verifier });
  }

  function protoVersionText(): string {
    const appInfo: Record<string, { ver: string; cap: readonly string[] }> = {};
    if (mappingMode === "ch_resp") appInfo["rmaker_extra"] = { ver: "1.0", cap: ["ch_resp"] };
    Object.assign(appInfo, config.appInfo ?? {});
    return buildProtoVersion({ security, noPop: security === 1 && identity.pop === "", appInfo });
  }

  function onConnected(creds: StationCredentials): void {
    try {
      storeWifiCredentials(kv, creds);
      kv.delete(ProvisioningKv.provNamespace, ProvisioningKv.reprovision);
    } catch (e) {
      log.log("error", "prov", `could not store Wi-Fi credentials: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const stopDelayMs = config.stopDelayMs ?? DEFAULT_STOP_DELAY_MS;
    timers.forEach((t) => clock.clear(t)); // the provisioning window ends with the connection
    timers = [];
    log.log("info", "prov", `provisioning successful; stopping in ${stopDelayMs} ms`);
    later(stopDelayMs, () => void end({ result: "provisioned", ssid: creds.ssid }));
  }

  function later(ms: number, fn: () => void): void {
    timers.push(clock.setTimeout(fn, ms));
  }

  function buildProtocomm(st: WifiStation): Protocomm {
    const pc = createProtocomm({ crypto, security: throttle.wrap(securityScheme()), protoVersion: protoVersionText(), log });
    pc.register(ProtocommEndpoint.Config, createProvConfigHandler(st));
    pc.register(ProtocommEndpoint.Scan, createProvScanHandler(st));
    pc.register(ProtocommEndpoint.Ctrl, createProvCtrlHandler(st));
    if (mappingMode === "cloud_user_assoc") {
      pc.register(
        "cloud_user_assoc",
        createUserMappingHandler({
          onUserMapping(userId, secretKey) {
            if (userId.length > MAX_USER_FIELD || secretKey.length === 0 || secretKey.length > MAX_USER_FIELD) {
              log.log("warn", "prov", `user mapping refused: user id / secret key lengths ${userId.length}/${secretKey.length}`);
              return { status: RMakerConfigStatus.InvalidParam };
            }
            mapping = { userId, secretKey };
            storeUserMapping(kv, mapping);
            log.log("info", "prov", `user mapping received for user ${userId}`);
            return { nodeId: config.nodeId };
          },
        }),
      );
    } else if (mappingMode === "ch_resp") {
      pc.register(
        "ch_resp",
        createChallengeResponseHandler({
          nodeId: () => config.nodeId,
          enabled: () => signer !== undefined && !chRespDisabled,
          sign: (challenge) => signer?.sign(challenge),
          disable: () => {
            chRespDisabled = true;
          },
        }),
      );
    }
    for (const [name, handler] of config.endpoints ?? []) pc.register(name, handler);
    return pc;
  }

  const blockingScanDone = (): Promise<void> => station?.blockingScanDone() ?? Promise.resolve();

  async function startTransport(pc: Protocomm): Promise<void> {
    if (transport === "softap") {
      if (!deps.httpServer) throw new Error("SoftAP provisioning needs an HTTP server port");
      wifi.startAccessPoint({ ssid: identity.serviceName });
      server = await deps.httpServer.listen(
        { port: config.http?.port ?? 80, ...(config.http?.host ? { host: config.http.host } : {}), maxBodyBytes: MAX_BODY_LENGTH },
        createSoftApHandler(pc, log, blockingScanDone),
      );
      log.log("info", "prov", `SoftAP "${identity.serviceName}" up, protocomm on HTTP port ${server.port}`);
    } else {
      if (!deps.ble) throw new Error("BLE provisioning needs a BLE GATT port");
      await deps.ble.start(bleProvisioningService(pc, identity.serviceName, log, config.ble ?? {}, blockingScanDone));
      log.log("info", "prov", `BLE advertising as "${identity.serviceName}"`);
    }
  }

  async function end(outcome: ProvisioningOutcome): Promise<void> {
    if (phase !== "running") return;
    phase = "done";
    timers.forEach((t) => clock.clear(t));
    timers = [];
    protocomm?.closeSession();
    station?.detach();
    const s = server;
    server = undefined;
    try {
      if (transport === "softap") {
        await s?.close();
        wifi.stopAccessPoint();
      } else await deps.ble?.stop();
    } catch (e) {
      log.log("warn", "prov", `closing the transport failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    log.log("info", "prov", outcome.result === "provisioned" ? `provisioning finished: joined "${outcome.ssid}"` : `provisioning stopped (${outcome.reason})`);
    finish?.(outcome);
  }

  return {
    identity,
    qrPayload: payload,
    security,
    transport,
    needed,
    async start(options) {
      if (phase === "running") return true;
      if (!options?.force && !needed()) {
        log.log("info", "prov", "already provisioned; not starting provisioning");
        return false;
      }
      if (phase === "done") donePromise = new Promise((r) => (finish = r));
      phase = "running";
      chRespDisabled = false;
      station = createWifiStation({
        wifi,
        log,
        maxAttempts: config.wifiAttempts ?? 5,
        onConnected,
        onReprovision: () => {
          timers.forEach((t) => clock.clear(t));
          timers = [];
          armWindow();
        },
      });
      protocomm = buildProtocomm(station);
      log.log("info", "prov", `starting provisioning over ${transport}, security ${security}, service name ${identity.serviceName}`);
      log.log("info", "prov", `QR payload: ${payload}`);
      log.log("info", "prov", `QR code: ${qrCodeUrl(payload)}`);
      try {
        await startTransport(protocomm);
      } catch (e) {
        log.log("error", "prov", `cannot start the ${transport} transport: ${e instanceof Error ? e.message : String(e)}`);
        await end({ result: "stopped", reason: "transport-failed" });
        return false;
      }
      armWindow();
      return true;
    },
    stop: () => end({ result: "stopped", reason: "stopped" }),
    phase: () => phase,
    station: () => station?.phase() ?? { phase: "idle" },
    done: () => donePromise,
    setChallengeSigner(s) {
      signer = s;
    },
    userMapping: () => mapping,
    httpPort: () => server?.port,
    throttle,
    protocomm: () => protocomm,
  };

  function armWindow(): void {
    const windowMs = config.windowMs ?? DEFAULT_WINDOW_MS;
    if (windowMs <= 0) return;
    later(windowMs, () => {
      log.log("warn", "prov", `provisioning window of ${Math.round(windowMs / 1000)} s expired`);
      void end({ result: "stopped", reason: "window-expired" });
    });
  }
}

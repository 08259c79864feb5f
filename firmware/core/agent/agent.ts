import type { Platform } from "../../ports/index";
import type { MqttClient } from "../../ports/mqtt";
import type { NodeInfo } from "../../protocol/rainmaker/description";
import { toHex } from "../../protocol/bytes";
import { loadCredentials, saveCredentials } from "../claiming/credentials";
import type { NodeCredentials } from "../claiming/credentials";
import type { ClaimManager } from "../claiming/claim-manager";
import { createOtaAgent } from "../ota/ota-agent";
import type { OtaAgent } from "../ota/ota-agent";
import type { OtaConfig } from "../ota/ota-config";
import { utf8Encode } from "../../protocol/bytes";
import { nodeTopic, publishTopic, TopicSuffix } from "../../protocol/rainmaker/topics";
import type { TopicSuffixString } from "../../protocol/rainmaker/topics";
import type { NodeApp } from "../model/node";
import { createNodeRuntime } from "../runtime/node-runtime";
import type { NodeRuntime } from "../runtime/node-runtime";
import { createBackoff, randomUnit } from "./backoff";
import { createBrokerSession } from "./broker-session";
import type { BrokerSession } from "./broker-session";
import { createConnection } from "./connection";
import type { Connection } from "./connection";
import { eraseUserData } from "./factory-reset";
import { createParamsSync } from "./params-sync";
import type { ParamsSync } from "./params-sync";
import { clearWifiCredentials, loadWifiCredentials, reprovisionRequested } from "../provisioning/kv-state";
import { requestResetReport } from "./user-mapping";
import { createStationTap } from "./station-tap";
import { joinWifi } from "./wifi-join";
import type { AdoptedStation, WifiLink } from "./wifi-join";

/** Where the agent is in its start-up sequence. */
export type AgentPhase =
  | "starting"
  | "provisioning"
  | "joining-wifi"
  | "claiming"
  | "connecting"
  | "online"
  | "offline"
  /** The broker keeps refusing the node certificate; no more retries. */
  | "refused"
  /** No credentials and no claiming hook. */
  | "unclaimed"
  | "failed"
  | "stopped";

/** Steps the agent delegates, so it does not depend on how provisioning and claiming are done. */
export interface AgentHooks {
  /**
   * Provision (SoftAP / BLE); resolves once Wi-Fi credentials (and any user mapping) are stored.
   * The agent goes on as soon as the credentials are stored and the station it connected through
   * `platform.wifi` is up, while the hook may keep serving (status polls until its stop delay).
   */
  provision?(platform: Platform): Promise<void>;
  /** Obtain node credentials (claiming); the agent stores them. */
  claim?(platform: Platform): Promise<NodeCredentials>;
  /**
   * The node's claim manager: claims when no credentials are stored (unless `claim` is given) and,
   * once connected, checks for certificate renewal; renewed credentials reconnect MQTT.
   */
  claimManager?(platform: Platform): ClaimManager;
}

/** OTA using topics [spec 7]; node id, project name and version come from the running node. */
export type AgentOtaConfig = Omit<OtaConfig, "nodeId" | "projectName" | "version">;

export interface AgentConfig {
  hooks?: AgentHooks;
  /** Node config `info` overrides (firmware version, ...). */
  info?: Partial<NodeInfo>;
  /** `$aws/rules/...` publish topics (default true) [spec 3.2]. */
  basicIngest?: boolean;
  keepAliveS?: number;
  /** Reconnect backoff (MQTT and Wi-Fi). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** A start-up publish/subscribe without its ack for this long drops the link (default 30 000 ms). */
  ackTimeoutMs?: number;
  /** Certificate refusals before giving up. */
  maxRefusals?: number;
  /** Delay between a System service echo and the action, ms (default 2000) [spec 9.7]. */
  systemDelayMs?: number;
  debounceMs?: number;
  /** AWS partner username [spec 3.1]; false to send none. Default SKU/product/version from the spec. */
  username?: string | false;
  /** OTA updates (needs the image signing public key); without it the node takes no updates. */
  ota?: AgentOtaConfig;
  /** How often the claim manager checks for certificate renewal (default daily). */
  renewalCheckMs?: number;
  /**
   * Ask the broker for a persistent MQTT session (default true; used only when the MQTT port does
   * QoS 1). A resumed session keeps the subscriptions and the remote sets sent while the node was
   * away, so a reconnect costs one CONNECT plus the params still owed instead of the full start-up.
   */
  persistentSession?: boolean;
}

export interface Agent {
  readonly runtime: NodeRuntime;
  phase(): AgentPhase;
  onPhase(listener: (phase: AgentPhase) => void): () => void;
  /** Resolves when the agent reaches `phase` (at once if it is there). */
  whenPhase(phase: AgentPhase): Promise<void>;
  nodeId(): string | undefined;
  connection(): Connection | undefined;
  sync(): ParamsSync | undefined;
  /** The OTA agent of this boot, once the node id is known (with `config.ota`). */
  ota(): OtaAgent | undefined;
  /** Close MQTT gracefully, stop drivers and timers. */
  stop(): void;
}

/** `?Platform=APN3|A0|RM|EX00|RMDev|1x0|<MAC>` [spec 3.1]. */
export function partnerUsername(mac: Uint8Array): string {
  return `?Platform=APN3|A0|RM|EX00|RMDev|1x0|${toHex(mac, true)}`;
}

/**
 * The device agent: drivers start at once (local control works offline), then Wi-Fi credentials
 * (else provisioning), station join, node credentials (else claiming), MQTT with mutual TLS and the
 * params start-up sequence [spec 3.3]. System service writes act on the SystemPort [spec 9.7].
 */
export function startAgent(platform: Platform, app: NodeApp, config: AgentConfig = {}): Agent {
  const { clock, kv, log } = platform;
  const random = randomUnit((n) => platform.crypto.random(n));
  const listeners = new Set<(phase: AgentPhase) => void>();
  let phase: AgentPhase = "starting";
  let stopped = false;
  let connection: Connection | undefined;
  let sync: ParamsSync | undefined;
  let wifiLink: WifiLink | undefined;
  let nodeId: string | undefined;
  let ota: OtaAgent | undefined;
  let stopRenewal: (() => void) | undefined;

  const setPhase = (next: AgentPhase): void => {
    if (phase === next || (phase === "stopped" && next !== "stopped")) return;
    phase = next;
    log.log("debug", "agent", `phase ${next}`);
    for (const l of [...listeners]) l(next);
  };

  const restart = (what: string): void => {
    log.log("warn", "system", `${what}: restarting`);
    platform.system.restart("software");
  };

  const runtime = createNodeRuntime(app, {
    io: platform.io,
    clock,
    kv,
    log,
    systemDelayMs: config.systemDelayMs,
    debounceMs: config.debounceMs,
    system: {
      reboot: () => restart("reboot requested"),
      factoryReset: () => {
        eraseUserData(kv);
        requestResetReport(kv);
        restart("factory reset: Wi-Fi, mapping and params erased, node credentials kept");
      },
      wifiReset: () => {
        clearWifiCredentials(kv);
        restart("Wi-Fi reset: network forgotten, provisioning at next boot");
      },
    },
  });

  /** Provisioned when the stored credentials name the network the station just joined. */
  const provisionedFor = (ssid: string): boolean => loadWifiCredentials(kv)?.ssid === ssid && !reprovisionRequested(kv);

  /**
   * Runs the provision hook on a tapped Wi-Fi port. Resolves with the station provisioning connected
   * as soon as the credentials are stored (the hook keeps serving until its own stop), or undefined
   * when the hook ended without leaving a station up.
   */
  const provision = async (hook: NonNullable<AgentHooks["provision"]>): Promise<AdoptedStation | undefined> => {
    const tap = createStationTap(platform.wifi);
    let joined: () => void = () => undefined;
    const stationUp = new Promise<void>((r) => (joined = r));
    const off = tap.onEvent((event) => {
      if (event.type === "connected" && provisionedFor(event.ssid)) joined();
    });
    const running = hook({ ...platform, wifi: tap.wifi });
    const early = await Promise.race([running.then(() => false), stationUp.then(() => true)]);
    off();
    const link = tap.connected();
    if (!link || !provisionedFor(link.ssid)) return undefined;
    if (early) {
      log.log("info", "agent", "Wi-Fi provisioned; going on while provisioning still answers status requests");
      running.catch((error: unknown) => log.log("error", "agent", `provisioning failed after storing Wi-Fi credentials: ${error instanceof Error ? error.message : String(error)}`));
    }
    return { ip: link.ip, events: (l) => tap.onEvent(l), released: running };
  };

  const run = async (): Promise<void> => {
    runtime.start();
    let adopted: AdoptedStation | undefined;
    // [issue 3] provisioning runs without stored credentials or when `prov-ctrl` asked for it again
    if (!loadWifiCredentials(kv) || reprovisionRequested(kv)) {
      setPhase("provisioning");
      if (!config.hooks?.provision) {
        log.log("warn", "agent", "no Wi-Fi credentials and no provisioning hook: waiting");
        return;
      }
      adopted = await provision(config.hooks.provision);
      if (stopped) return;
    }
    const wifi = loadWifiCredentials(kv);
    if (!wifi) throw new Error("provisioning finished without storing Wi-Fi credentials");
    setPhase("joining-wifi");
    wifiLink = joinWifi(platform.wifi, wifi, clock, log, createBackoff({ ...config.backoff, random }), adopted);
    await wifiLink.up;
    if (stopped) return;
    const claimManager = config.hooks?.claimManager?.(platform);
    let credentials = loadCredentials(kv, log);
    if (!credentials) {
      const claim = config.hooks?.claim ?? (claimManager ? () => claimManager.ensureClaimed() : undefined);
      if (!claim) {
        setPhase("unclaimed");
        log.log("error", "agent", "no node credentials and no claiming hook");
        return;
      }
      setPhase("claiming");
      credentials = await claim(platform);
      if (stopped) return;
      saveCredentials(kv, credentials);
    }
    const id = credentials.nodeId;
    nodeId = id;
    const firmware = platform.system.firmware();
    // [spec 1.2] fw_version and project_name are the running image's unless the config or the app declares them
    const description = runtime.describe(id, {
      ...config.info,
      fwVersion: config.info?.fwVersion ?? app.info.fwVersion ?? firmware.version,
      projectName: config.info?.projectName ?? app.info.projectName ?? firmware.projectName,
      platform: config.info?.platform ?? firmware.platform,
    });
    const basicIngest = config.basicIngest ?? true;
    if (config.ota) {
      // once per boot, before connecting: a trial image starts its validation window here [spec 7]
      try {
        ota = createOtaAgent({
          ports: platform,
          publish: (suffix, payload) => {
            const client = connection?.client();
            if (!client) throw new Error("MQTT not connected");
            return client.publish(publishTopic(id, suffix as TopicSuffixString, basicIngest), utf8Encode(payload), { qos: 1 });
          },
          config: { ...config.ota, nodeId: id, projectName: description.info.projectName, version: description.info.fwVersion },
        });
      } catch (error) {
        // a bad OTA setting must not keep the node offline: it runs, without updates
        log.log("error", "ota", `OTA disabled: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const otaUrlTopic = nodeTopic(id, TopicSuffix.OtaUrl);
    const session = createBrokerSession();
    const paramsSync = createParamsSync({
      runtime, description, kv, log, clock, basicIngest: config.basicIngest, ackTimeoutMs: config.ackTimeoutMs, session,
      // [spec 3.3 step 5] otaurl goes out with params/remote; the OTA agent still starts only once online
      alsoSubscribe: ota ? [otaUrlTopic] : [],
      onStall: (client) => {
        log.log("warn", "mqtt", "start-up sequence stalled; dropping the link to start over");
        client.close();
      },
    });
    sync = paramsSync;
    const username = config.username === false ? undefined : (config.username ?? partnerUsername(platform.system.mac()));
    setPhase("connecting");
    connection = createConnection(
      {
        mqtt: platform.mqtt,
        clock,
        log,
        credentials,
        backoff: createBackoff({ ...config.backoff, random }),
        keepAliveS: config.keepAliveS,
        maxRefusals: config.maxRefusals,
        persistentSession: config.persistentSession ?? true,
        ...(username !== undefined ? { username } : {}),
      },
      {
        onConnected(client, first, sessionPresent) {
          // [spec 7 rollback] any CONNACK validates a trial image
          ota?.onConnected().catch((error: unknown) => log.log("error", "ota", `connect handling failed: ${String(error)}`));
          void paramsSync.onConnected(client, first, sessionPresent).then(async () => {
            if (!paramsSync.synced() || connection?.client() !== client) return;
            setPhase("online");
            if (ota) await subscribeOtaUrl(client, session, otaUrlTopic, ota);
          });
        },
        onMessage: (topic, payload) => {
          if (ota && topic === otaUrlTopic) void ota.onOtaUrl(payload);
          else paramsSync.onMessage(topic, payload);
        },
        onDisconnected: () => paramsSync.onDisconnected(),
      },
    );
    connection.onStatus((s) => {
      if (s.state === "refused") setPhase("refused");
      else if (s.state === "waiting") setPhase("offline");
    });
    connection.start();
    if (claimManager && !stopped) {
      const live = connection;
      stopRenewal = claimManager.startRenewalChecks((renewed) => {
        log.log("info", "claim", "certificate renewed");
        live.useCredentials(renewed);
      }, config.renewalCheckMs);
    }
  };

  /**
   * [spec 3.3 step 5] once STARTED: make sure the session holds `otaurl` (params sync subscribed it
   * with `params/remote`; this SUBSCRIBE goes out only if that one did not), then `start()`, which fetches once per boot.
   */
  const subscribeOtaUrl = async (client: MqttClient, session: BrokerSession, topic: string, agent: OtaAgent): Promise<void> => {
    try {
      await session.subscribe(client, topic, 1);
    } catch (error) {
      log.log("warn", "ota", `otaurl subscription failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!stopped && connection?.client() === client) agent.start();
  };

  run().catch((error: unknown) => {
    if (stopped) return;
    log.log("error", "agent", `start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    setPhase("failed");
  });

  return {
    runtime,
    phase: () => phase,
    onPhase(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenPhase(target) {
      if (phase === target) return Promise.resolve();
      return new Promise((resolve) => {
        const off = (): boolean => listeners.delete(on);
        const on = (p: AgentPhase): void => {
          if (p !== target) return;
          off();
          resolve();
        };
        listeners.add(on);
      });
    },
    nodeId: () => nodeId,
    connection: () => connection,
    sync: () => sync,
    ota: () => ota,
    stop() {
      if (stopped) return;
      stopped = true;
      stopRenewal?.();
      ota?.stop();
      connection?.stop();
      sync?.stop();
      wifiLink?.stop();
      runtime.stop();
      setPhase("stopped");
    },
  };
}

import type { ClockPort, TimerHandle } from "../../firmware/ports/clock";
import type { WifiAuthMode, WifiCredentials, WifiEvent, WifiFailReason, WifiNetwork, WifiPort } from "../../firmware/ports/wifi";
import { utf8Length } from "../../firmware/protocol/bytes";

/** One access point of a virtual Wi-Fi environment. */
export interface VirtualNetwork {
  ssid: string;
  /** Absent or empty: an open network. */
  passphrase?: string;
  /** 6 bytes, or `aa:bb:cc:dd:ee:ff` in JSON. */
  bssid: Uint8Array;
  channel: number;
  rssi: number;
  /** Default WPA2_PSK (3) with a passphrase, OPEN (0) without [spec 6.3 WifiAuthMode]. */
  auth: WifiAuthMode;
  /** The address DHCP hands the device on this network. */
  ip: string;
  /** Not listed by scans (still joinable by name). */
  hidden: boolean;
  /**
   * Make the first `attempts` connection attempts to this network fail with `reason` (all of them when
   * `attempts` is absent); counted across `connect` calls until the environment is replaced.
   */
  failure?: { reason: WifiFailReason; attempts?: number };
}

/** A virtual radio environment (what `--wifi env.json` describes). */
export interface WifiEnvironment {
  networks: VirtualNetwork[];
  /** Time from a connect attempt to its outcome (default 1000 ms). */
  connectDelayMs: number;
  /** Time a scan takes (default 2000 ms, as on the board [moddable.md Wi-Fi]). */
  scanDelayMs: number;
}

/** Station and soft AP state of a virtual radio. */
export interface VirtualWifiStatus {
  station: "idle" | "connecting" | "connected";
  ssid?: string;
  ip?: string;
  /** Attempts made by the current `connect` call. */
  attempts: number;
  accessPoint?: { ssid: string; passphrase?: string; channel: number };
}

/** A {@link WifiPort} with controls for tests and the simulator. */
export interface VirtualWifi extends WifiPort {
  status(): VirtualWifiStatus;
  /** The link drops (AP gone, out of range): `disconnected`, then the station retries up to its `maxAttempts`. */
  dropConnection(): boolean;
  /** Replace the environment (networks appear, disappear or change passphrase). */
  setEnvironment(environment: unknown): void;
  environment(): WifiEnvironment;
}

const AuthModes: readonly WifiAuthMode[] = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7] as WifiAuthMode[]);
const FailReasons: readonly WifiFailReason[] = Object.freeze(["auth-error", "network-not-found"] as WifiFailReason[]);

function fail(path: string, message: string): never {
  throw new Error(`wifi environment: ${path}: ${message}`);
}

function parseBssid(value: unknown, path: string): Uint8Array {
  if (value instanceof Uint8Array && value.length === 6) return value.slice();
  if (typeof value === "string" && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(value)) {
    return Uint8Array.from(value.split(/[:-]/).map((h) => parseInt(h, 16)));
  }
  return fail(path, "bssid must be 6 bytes written aa:bb:cc:dd:ee:ff");
}

/**
 * Validate an environment as read from JSON (or built in a test) and fill defaults.
 * Throws an Error naming the bad field.
 */
export function parseWifiEnvironment(raw: unknown): WifiEnvironment {
  if (typeof raw !== "object" || raw === null) fail("$", "must be an object");
  const env = raw as Record<string, unknown>;
  if (!Array.isArray(env["networks"])) fail("networks", "must be an array");
  const delay = (key: string, fallback: number): number => {
    const v = env[key];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(key, "must be a number of ms >= 0");
    return v;
  };
  const networks = (env["networks"] as unknown[]).map((item, i): VirtualNetwork => {
    const path = `networks[${i}]`;
    if (typeof item !== "object" || item === null) fail(path, "must be an object");
    const n = item as Record<string, unknown>;
    const ssid = n["ssid"];
    if (typeof ssid !== "string" || ssid.length === 0 || utf8Length(ssid) > 32) fail(`${path}.ssid`, "must be 1..32 bytes");
    const passphrase = n["passphrase"] ?? "";
    if (typeof passphrase !== "string" || (passphrase.length > 0 && (passphrase.length < 8 || passphrase.length > 64))) {
      fail(`${path}.passphrase`, "must be empty or 8..64 characters");
    }
    const channel = n["channel"] ?? 1;
    if (!Number.isInteger(channel) || (channel as number) < 1 || (channel as number) > 14) fail(`${path}.channel`, "must be 1..14");
    const rssi = n["rssi"] ?? -50;
    if (typeof rssi !== "number" || rssi > 0 || rssi < -127) fail(`${path}.rssi`, "must be dBm in -127..0");
    const auth = n["auth"] ?? (passphrase ? 3 : 0);
    if (!AuthModes.includes(auth as WifiAuthMode)) fail(`${path}.auth`, "must be a WifiAuthMode 0..7");
    const ip = n["ip"] ?? `192.168.${10 + i}.2`;
    if (typeof ip !== "string" || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) fail(`${path}.ip`, "must be a dotted IPv4 address");
    const failure = n["failure"];
    let parsedFailure: VirtualNetwork["failure"];
    if (failure !== undefined) {
      const f = failure as Record<string, unknown>;
      if (typeof f !== "object" || f === null || !FailReasons.includes(f["reason"] as WifiFailReason)) {
        fail(`${path}.failure.reason`, `must be one of ${FailReasons.join(", ")}`);
      }
      if (f["attempts"] !== undefined && (!Number.isInteger(f["attempts"]) || (f["attempts"] as number) < 0)) fail(`${path}.failure.attempts`, "must be an integer >= 0");
      parsedFailure = { reason: f["reason"] as WifiFailReason };
      if (f["attempts"] !== undefined) parsedFailure.attempts = f["attempts"] as number;
    }
    const network: VirtualNetwork = {
      ssid,
      passphrase: passphrase as string,
      bssid: parseBssid(n["bssid"] ?? `02:00:00:00:00:${(i + 1).toString(16).padStart(2, "0").slice(-2)}`, `${path}.bssid`),
      channel: channel as number,
      rssi,
      auth: auth as WifiAuthMode,
      ip,
      hidden: n["hidden"] === true,
    };
    if (parsedFailure) network.failure = parsedFailure;
    return network;
  });
  return { networks, connectDelayMs: delay("connectDelayMs", 1000), scanDelayMs: delay("scanDelayMs", 2000) };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Options for {@link createVirtualWifi}. */
export interface VirtualWifiOptions {
  /** The radio environment, validated by {@link parseWifiEnvironment}. */
  environment: unknown;
  /** All connect/scan timing runs on this clock (a manual clock makes tests instant). */
  clock: ClockPort;
}

/** A {@link WifiPort} over a virtual environment; no host APIs, so it also runs on XS. */
export function createVirtualWifi(options: VirtualWifiOptions): VirtualWifi {
  const clock = options.clock;
  let env = parseWifiEnvironment(options.environment);
  let station: VirtualWifiStatus["station"] = "idle";
  let joined: VirtualNetwork | undefined;
  let attempts = 0;
  let listener: ((event: WifiEvent) => void) | undefined;
  let timers: TimerHandle[] = [];
  let scanning = false;
  let accessPoint: VirtualWifiStatus["accessPoint"];
  const attemptsPerNetwork = new Map<string, number>();

  const cancelTimers = (): void => {
    timers.forEach((t) => clock.clear(t));
    timers = [];
  };
  const later = (ms: number, fn: () => void): void => {
    timers.push(clock.setTimeout(fn, ms));
  };
  const emit = (event: WifiEvent): void => listener?.(event);

  let target: { credentials: WifiCredentials; maxAttempts: number; attemptsLeft: number } | undefined;

  const failAttempt = (reason: WifiFailReason): void => {
    if (!target) return;
    target.attemptsLeft--;
    if (target.attemptsLeft <= 0) {
      station = "idle";
      target = undefined;
      emit({ type: "failed", reason });
      return;
    }
    station = "connecting";
    emit({ type: "attempt-failed", reason, attemptsRemaining: target.attemptsLeft });
    later(0, attempt);
  };

  function attempt(): void {
    if (!target) return;
    attempts++;
    later(env.connectDelayMs, () => {
      if (!target) return;
      const result = outcome(target.credentials);
      if ("reason" in result) {
        failAttempt(result.reason);
        return;
      }
      station = "connected";
      joined = result.network;
      target.attemptsLeft = target.maxAttempts;
      const n = result.network;
      emit({ type: "connected", ip: n.ip, ssid: n.ssid, bssid: n.bssid.slice(), channel: n.channel, auth: n.auth });
    });
  }

  const outcome = (credentials: WifiCredentials): { network: VirtualNetwork } | { reason: WifiFailReason } => {
    const network = env.networks.find(
      (n) => n.ssid === credentials.ssid && (!credentials.bssid || sameBytes(credentials.bssid, n.bssid)) && (credentials.channel === undefined || credentials.channel === n.channel),
    );
    if (!network) return { reason: "network-not-found" };
    const tried = (attemptsPerNetwork.get(network.ssid) ?? 0) + 1;
    attemptsPerNetwork.set(network.ssid, tried);
    if (network.failure && (network.failure.attempts === undefined || tried <= network.failure.attempts)) return { reason: network.failure.reason };
    if (network.passphrase && network.passphrase !== credentials.passphrase) return { reason: "auth-error" };
    return { network };
  };

  return {
    scan() {
      if (scanning) return Promise.reject(new Error("a Wi-Fi scan is already in progress"));
      scanning = true;
      return new Promise((resolve) => {
        clock.setTimeout(() => {
          scanning = false;
          const found: WifiNetwork[] = env.networks
            .filter((n) => !n.hidden)
            .map((n) => ({ ssid: n.ssid, bssid: n.bssid.slice(), channel: n.channel, rssi: n.rssi, auth: n.auth }))
            .sort((a, b) => b.rssi - a.rssi);
          resolve(found);
        }, env.scanDelayMs);
      });
    },
    connect(credentials, onEvent, maxAttempts = 5) {
      if (typeof credentials?.ssid !== "string" || credentials.ssid.length === 0 || utf8Length(credentials.ssid) > 32) {
        throw new RangeError("Wi-Fi ssid must be 1..32 bytes");
      }
      if (typeof credentials.passphrase !== "string" || credentials.passphrase.length > 64) throw new RangeError("Wi-Fi passphrase must be a string of at most 64 characters");
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`);
      cancelTimers();
      listener = onEvent;
      joined = undefined;
      attempts = 0;
      station = "connecting";
      target = { credentials: { ...credentials, bssid: credentials.bssid?.slice() }, maxAttempts, attemptsLeft: maxAttempts };
      // one `connecting`, then attempt-failed per retry and `failed` at the last, as the Moddable adapter reports
      emit({ type: "connecting" });
      later(0, attempt);
    },
    disconnect() {
      cancelTimers();
      listener = undefined;
      target = undefined;
      joined = undefined;
      station = "idle";
    },
    startAccessPoint(apOptions) {
      const { ssid, passphrase, channel = 1 } = apOptions ?? ({} as { ssid: string });
      if (typeof ssid !== "string" || ssid.length === 0 || utf8Length(ssid) > 32) throw new RangeError("soft AP ssid must be 1..32 bytes");
      if (passphrase !== undefined && passphrase !== "" && (passphrase.length < 8 || passphrase.length > 63)) {
        throw new RangeError("soft AP passphrase must be 8..63 characters (WPA2) or empty (open)");
      }
      if (!Number.isInteger(channel) || channel < 1 || channel > 13) throw new RangeError("soft AP channel must be 1..13");
      accessPoint = passphrase ? { ssid, passphrase, channel } : { ssid, channel };
    },
    stopAccessPoint() {
      accessPoint = undefined;
    },
    status() {
      const status: VirtualWifiStatus = { station, attempts };
      if (joined) {
        status.ssid = joined.ssid;
        status.ip = joined.ip;
      }
      if (accessPoint) status.accessPoint = { ...accessPoint };
      return status;
    },
    dropConnection() {
      if (station !== "connected") return false;
      joined = undefined;
      emit({ type: "disconnected" });
      // the station retries like after a failed attempt (beacon lost -> not found) until it rejoins or gives up
      failAttempt("network-not-found");
      return true;
    },
    setEnvironment(next) {
      env = parseWifiEnvironment(next);
      attemptsPerNetwork.clear();
      if (joined && !env.networks.some((n) => n.ssid === joined!.ssid)) this.dropConnection();
    },
    environment: () => ({ ...env, networks: env.networks.map((n) => ({ ...n, bssid: n.bssid.slice() })) }),
  };
}

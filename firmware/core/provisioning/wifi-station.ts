import type { LogPort } from "../../ports/log";
import type { WifiEvent, WifiFailReason, WifiNetwork, WifiPort } from "../../ports/wifi";
import { toHex, utf8Decode, utf8Encode } from "../../protocol/bytes";
import type {
  WifiCredentials,
  WifiProvisioningTarget,
  WifiScanEntry,
  WifiStationReport,
} from "../../protocol/protocomm/handlers/wifi-target";

/** Credentials as the station uses them (strings, as the WifiPort takes them). */
export interface StationCredentials {
  readonly ssid: string;
  readonly passphrase: string;
  readonly bssid?: Uint8Array;
  readonly channel?: number;
}

/** Where the station of a provisioning run stands. */
export type StationPhase =
  | { readonly phase: "idle" }
  | { readonly phase: "configured"; readonly ssid: string }
  | { readonly phase: "connecting"; readonly ssid: string; readonly attemptsRemaining?: number; readonly lastFailure?: WifiFailReason }
  | { readonly phase: "connected"; readonly ssid: string; readonly ip: string }
  | { readonly phase: "failed"; readonly ssid: string; readonly reason: WifiFailReason };

export interface WifiStationOptions {
  readonly wifi: WifiPort;
  readonly log: LogPort;
  /** Connection attempts before reporting failure (ESP-IDF default 5). */
  readonly maxAttempts?: number;
  /** Called once the station joined the network with the applied credentials. */
  readonly onConnected: (credentials: StationCredentials) => void;
  /** Called when `prov-ctrl` asks to provision again after success. */
  readonly onReprovision?: () => void;
}

/** The provisioning target plus what the state machine reads back. */
export interface WifiStation extends WifiProvisioningTarget {
  phase(): StationPhase;
  /**
   * Resolves once a scan started by a blocking ScanStart has ended (at once when there is none).
   * The transport holds the ScanStart reply until then, as the IDF manager does.
   */
  blockingScanDone(): Promise<void>;
  /** Stops listening to the radio (the station connection itself is kept). */
  detach(): void;
}

/** [spec 6.3 wifi_scan] at most 16 results are reported. */
const MAX_SCAN_RESULTS = 16;
const MAX_SSID_BYTES = 32;
const MAX_PASSPHRASE_BYTES = 64;

function strictUtf8(bytes: Uint8Array): string | undefined {
  const text = utf8Decode(bytes);
  const round = utf8Encode(text);
  return round.length === bytes.length && round.every((b, i) => b === bytes[i]) ? text : undefined;
}

/**
 * `WifiProvisioningTarget` over the WifiPort with the ESP-IDF state rules [spec 6.3, vectors README
 * rules 6-8]: SetConfig stores, ApplyConfig only from a fresh state, GetStatus reports connecting
 * (with attempts remaining after a failed try), connected, or failed with the reason; CtrlReset
 * only after a failure; CtrlReprov only after success.
 */
export function createWifiStation(options: WifiStationOptions): WifiStation {
  const { wifi, log } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  let state: StationPhase = { phase: "idle" };
  let pending: StationCredentials | undefined;
  let applied: StationCredentials | undefined;
  let report: WifiStationReport = { state: "disconnected" };
  let attached = true;
  let scan: { finished: boolean; results: WifiNetwork[] } | undefined;
  let blockingScan: Promise<void> | undefined;

  function onEvent(creds: StationCredentials, event: WifiEvent): void {
    if (!attached || applied !== creds) return;
    switch (event.type) {
      case "connecting":
        state = { phase: "connecting", ssid: creds.ssid };
        report = { state: "connecting" };
        return;
      case "attempt-failed":
        log.log("warn", "prov", `Wi-Fi attempt to "${creds.ssid}" failed (${event.reason}), ${event.attemptsRemaining} left`);
        state = { phase: "connecting", ssid: creds.ssid, attemptsRemaining: event.attemptsRemaining, lastFailure: event.reason };
        report = { state: "connecting", attemptsRemaining: event.attemptsRemaining };
        return;
      case "failed":
        log.log("error", "prov", `Wi-Fi connection to "${creds.ssid}" failed: ${event.reason}`);
        state = { phase: "failed", ssid: creds.ssid, reason: event.reason };
        report = { state: "failed", reason: event.reason };
        return;
      case "connected":
        log.log("info", "prov", `connected to "${event.ssid}" as ${event.ip}`);
        state = { phase: "connected", ssid: creds.ssid, ip: event.ip };
        report = {
          state: "connected",
          ip4: event.ip,
          authMode: event.auth,
          ssid: utf8Encode(event.ssid),
          bssid: event.bssid.slice(),
          channel: event.channel,
        };
        options.onConnected(creds);
        return;
      case "disconnected":
        if (state.phase === "connected") {
          state = { phase: "connecting", ssid: creds.ssid };
          report = { state: "connecting" };
        }
        return;
    }
  }

  function setConfig(c: WifiCredentials): boolean {
    if (state.phase === "connecting" || state.phase === "connected") {
      log.log("warn", "prov", "SetConfig refused: a connection is already in progress or made");
      return false;
    }
    const ssid = strictUtf8(c.ssid);
    const passphrase = strictUtf8(c.passphrase);
    if (!ssid || c.ssid.length > MAX_SSID_BYTES || passphrase === undefined || c.passphrase.length > MAX_PASSPHRASE_BYTES) {
      log.log("warn", "prov", `SetConfig refused: ssid must be 1..32 UTF-8 bytes, passphrase <= 64 (got ${c.ssid.length}/${c.passphrase.length} bytes)`);
      return false;
    }
    if (c.bssid.length !== 0 && c.bssid.length !== 6) {
      log.log("warn", "prov", `SetConfig refused: bssid must be 6 bytes, got ${c.bssid.length}`);
      return false;
    }
    const creds: { ssid: string; passphrase: string; bssid?: Uint8Array; channel?: number } = { ssid, passphrase };
    if (c.bssid.length === 6) creds.bssid = c.bssid.slice();
    if (c.channel > 0) creds.channel = c.channel;
    pending = creds;
    if (state.phase === "idle") state = { phase: "configured", ssid };
    log.log("info", "prov", `received Wi-Fi credentials for "${ssid}"${creds.bssid ? ` bssid ${toHex(creds.bssid)}` : ""}`);
    return true;
  }

  function applyConfig(): boolean {
    // [vectors README rule 6] InternalError once connecting, failed or connected.
    if (state.phase !== "configured" || !pending) {
      log.log("warn", "prov", `ApplyConfig refused in state ${state.phase}`);
      return false;
    }
    const creds = pending;
    applied = creds;
    state = { phase: "connecting", ssid: creds.ssid };
    report = { state: "connecting" };
    log.log("info", "prov", `connecting to "${creds.ssid}"`);
    try {
      wifi.connect(
        { ssid: creds.ssid, passphrase: creds.passphrase, ...(creds.bssid ? { bssid: creds.bssid } : {}), ...(creds.channel ? { channel: creds.channel } : {}) },
        (event) => onEvent(creds, event),
        maxAttempts,
      );
    } catch (e) {
      log.log("error", "prov", `Wi-Fi connect refused: ${e instanceof Error ? e.message : String(e)}`);
      state = { phase: "failed", ssid: creds.ssid, reason: "network-not-found" };
      report = { state: "failed", reason: "network-not-found" };
    }
    return true;
  }

  function forget(): void {
    wifi.disconnect();
    applied = undefined;
    pending = undefined;
    state = { phase: "idle" };
    report = { state: "disconnected" };
  }

  return {
    setConfig,
    applyConfig,
    getStatus: () => report,
    scanStart(request) {
      if (scan && !scan.finished) return true;
      const current: { finished: boolean; results: WifiNetwork[] } = { finished: false, results: [] };
      scan = current;
      let started: Promise<WifiNetwork[]>;
      try {
        started = wifi.scan();
      } catch (e) {
        log.log("warn", "prov", `Wi-Fi scan refused: ${e instanceof Error ? e.message : String(e)}`);
        scan = undefined;
        return false;
      }
      const ended = started.then(
        (found) => {
          current.results = found.slice(0, MAX_SCAN_RESULTS);
          current.finished = true;
          log.log("info", "prov", `scan found ${found.length} networks`);
        },
        (e: unknown) => {
          current.finished = true;
          log.log("warn", "prov", `Wi-Fi scan failed: ${e instanceof Error ? e.message : String(e)}`);
        },
      );
      // [IDF wifi_prov_mgr_wifi_scan_start] blocking: the reply waits for the scan; esp_prov then reads ScanStatus once
      if (request.blocking) blockingScan = ended;
      return true;
    },
    blockingScanDone() {
      const waiting = blockingScan ?? Promise.resolve();
      blockingScan = undefined;
      return waiting;
    },
    scanStatus: () => ({ finished: scan?.finished ?? false, count: scan?.finished ? scan.results.length : 0 }),
    scanResults(start, count): WifiScanEntry[] {
      const list = scan?.finished ? scan.results : [];
      return list.slice(start, start + count).map((n) => ({
        ssid: utf8Encode(n.ssid),
        bssid: n.bssid.slice(),
        channel: n.channel,
        rssi: n.rssi,
        auth: n.auth,
      }));
    },
    reset() {
      // [vectors README rule 8] only from the failed state.
      if (state.phase !== "failed") {
        log.log("warn", "prov", `CtrlReset refused in state ${state.phase}`);
        return false;
      }
      log.log("info", "prov", "Wi-Fi state reset; waiting for new credentials");
      forget();
      return true;
    },
    reprovision() {
      if (state.phase !== "connected") {
        log.log("warn", "prov", `CtrlReprov refused in state ${state.phase}`);
        return false;
      }
      log.log("info", "prov", "re-provisioning asked over prov-ctrl");
      forget();
      options.onReprovision?.();
      return true;
    },
    phase: () => state,
    detach() {
      attached = false;
    },
  };
}

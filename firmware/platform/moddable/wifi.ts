import Timer from "timer";
import WiFi from "wifi";
import type { LogPort } from "../../ports/log";
import type { WifiAuthMode, WifiCredentials, WifiEvent, WifiFailReason, WifiNetwork, WifiPort } from "../../ports/wifi";
import { messageOf, toArrayBuffer } from "./buffers";
import { macFromText, netChannel, netText } from "./net-info";

/** Options for {@link createWifi}. */
export interface ModdableWifiOptions {
  log: LogPort;
  /**
   * No radio (the `lin` simulator): report a connection to the host's network at once instead of
   * driving `wifi`. Set from `mc/config` `hostNetwork` by the platform.
   */
  hostNetwork?: boolean;
  /** Pause between connection attempts (ms). */
  retryDelayMs?: number;
}

/** `authentication` strings of the ESP32 `wifi` scan to `WifiAuthMode` numbers [spec 6.3]. */
const AuthModes: Readonly<Record<string, WifiAuthMode>> = Object.freeze({ none: 0, wep: 1, wpa_psk: 2, wpa2_psk: 3, wpa_wpa2_psk: 4 });
const DefaultAttempts = 5;

interface ScanItem { ssid: string; authentication: string; rssi: number; bssid: ArrayBuffer; channel?: number }
interface StationWiFi { close(): void }
type WiFiConstructor = new (options: { ssid: string; password?: string; bssid?: ArrayBuffer }, callback: (message: string, reason?: number) => void) => StationWiFi;
type AccessPointOptions = { ssid: string; password?: string; channel?: number; station?: boolean };

function authOf(text: string): WifiAuthMode {
  return AuthModes[text] ?? 3;
}

/** {@link WifiPort} on the legacy `wifi` module (station + soft AP). */
export function createWifi(options: ModdableWifiOptions): WifiPort {
  const { log } = options;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const knownAuth = new Map<string, WifiAuthMode>();
  let scanning = false;
  let station: StationWiFi | undefined;
  let retry: Timer | undefined;
  let session = 0;
  let apOpen = false;

  function stopStation(): void {
    session++;
    Timer.clear(retry);
    retry = undefined;
    try {
      station?.close();
    } catch (error) {
      log.log("warn", "wifi", `close: ${messageOf(error)}`);
    }
    station = undefined;
  }

  function connectHost(credentials: WifiCredentials, onEvent: (event: WifiEvent) => void): void {
    const mine = ++session;
    onEvent({ type: "connecting" });
    log.log("info", "wifi", `no Wi-Fi radio on this platform: "${credentials.ssid}" is reported connected over the host network`);
    retry = Timer.set(() => {
      if (mine !== session) return;
      onEvent({ type: "connected", ip: netText("IP", "127.0.0.1"), ssid: credentials.ssid, bssid: new Uint8Array(6), channel: credentials.channel ?? 1, auth: credentials.passphrase ? 3 : 0 });
    }, 0);
  }

  function connectRadio(credentials: WifiCredentials, onEvent: (event: WifiEvent) => void, maxAttempts: number): void {
    const mine = session;
    let attemptsLeft = maxAttempts;
    let connected = false;
    const target: { ssid: string; password?: string; bssid?: ArrayBuffer } = { ssid: credentials.ssid };
    if (credentials.passphrase) target.password = credentials.passphrase;
    if (credentials.bssid) target.bssid = toArrayBuffer(credentials.bssid);

    const onNotify = (message: string, reason?: number): void => {
      if (mine !== session) return;
      if (message === WiFi.gotIP) {
        connected = true;
        attemptsLeft = maxAttempts;
        const channel = netChannel();
        onEvent({
          type: "connected",
          ip: netText("IP", "0.0.0.0"),
          ssid: netText("SSID", credentials.ssid),
          bssid: macFromText(netText("BSSID", "")),
          channel: channel || (credentials.channel ?? 0),
          auth: knownAuth.get(credentials.ssid) ?? (credentials.passphrase ? 3 : 0),
        });
      } else if (message === WiFi.disconnected || message === WiFi.lostIP) {
        if (connected) {
          connected = false;
          onEvent({ type: "disconnected" });
        }
        // [spec 6.3] -1 from the ESP32 driver means the password was rejected.
        const why: WifiFailReason = reason === -1 ? "auth-error" : "network-not-found";
        attemptsLeft--;
        if (attemptsLeft <= 0) {
          onEvent({ type: "failed", reason: why });
          stopStation();
          return;
        }
        onEvent({ type: "attempt-failed", reason: why, attemptsRemaining: attemptsLeft });
        Timer.clear(retry);
        retry = Timer.set(() => {
          if (mine === session) WiFi.connect(target);
        }, retryDelayMs);
      }
    };
    onEvent({ type: "connecting" });
    if (!apOpen) WiFi.mode = WiFi.Mode.station;
    station = new (WiFi as unknown as WiFiConstructor)(target, onNotify);
  }

  return {
    scan() {
      if (options.hostNetwork) {
        log.log("info", "wifi", "no Wi-Fi radio on this platform: scan returns no networks");
        return Promise.resolve([]);
      }
      if (scanning) return Promise.reject(new Error("a Wi-Fi scan is already running"));
      scanning = true;
      return new Promise<WifiNetwork[]>((resolve, reject) => {
        const found: WifiNetwork[] = [];
        try {
          WiFi.scan({}, (item) => {
            if (item) {
              const entry = item as ScanItem;
              const auth = authOf(entry.authentication);
              knownAuth.set(entry.ssid, auth);
              found.push({ ssid: entry.ssid, bssid: new Uint8Array(entry.bssid), channel: entry.channel ?? 0, rssi: entry.rssi, auth });
              return;
            }
            scanning = false;
            resolve(found);
          });
        } catch (error) {
          scanning = false;
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    connect(credentials, onEvent, maxAttempts = DefaultAttempts) {
      stopStation();
      if (options.hostNetwork) connectHost(credentials, onEvent);
      else connectRadio(credentials, onEvent, Math.max(1, maxAttempts));
    },
    disconnect() {
      stopStation();
      if (!options.hostNetwork) WiFi.disconnect();
    },
    startAccessPoint({ ssid, passphrase, channel }) {
      if (options.hostNetwork) {
        log.log("info", "wifi", `no Wi-Fi radio on this platform: soft AP "${ssid}" not opened; clients use the host network`);
        return;
      }
      const ap: AccessPointOptions = { ssid, channel: channel ?? 1, station: true };
      if (passphrase) ap.password = passphrase;
      WiFi.accessPoint(ap as Parameters<typeof WiFi.accessPoint>[0]);
      apOpen = true;
    },
    stopAccessPoint() {
      if (options.hostNetwork || !apOpen) return;
      apOpen = false;
      WiFi.mode = WiFi.Mode.station;
    },
  };
}

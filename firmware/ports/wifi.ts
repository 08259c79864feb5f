/** Authentication modes, numbered as `WifiAuthMode` in wifi_constants.proto [spec 6.3]. */
export type WifiAuthMode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One access point seen by a scan. */
export interface WifiNetwork {
  ssid: string;
  /** 6 bytes. */
  bssid: Uint8Array;
  channel: number;
  /** dBm, negative. */
  rssi: number;
  auth: WifiAuthMode;
}

/** Why a station connection failed; maps to `WifiConnectFailedReason` [spec 6.3]. */
export type WifiFailReason = "auth-error" | "network-not-found";

/** Station state changes reported by {@link WifiPort.connect}. */
export type WifiEvent =
  | { type: "connecting" }
  | { type: "connected"; ip: string; ssid: string; bssid: Uint8Array; channel: number; auth: WifiAuthMode }
  | { type: "attempt-failed"; reason: WifiFailReason; attemptsRemaining: number }
  | { type: "failed"; reason: WifiFailReason }
  | { type: "disconnected" };

export interface WifiCredentials {
  ssid: string;
  passphrase: string;
  bssid?: Uint8Array;
  channel?: number;
}

/**
 * The Wi-Fi radio. Moddable: `wifi` (station + soft AP); host: a virtual environment of networks.
 * One connection at a time; `connect` replaces the previous one.
 */
export interface WifiPort {
  /** Scan for networks (a few seconds on a board). Only one scan at a time. */
  scan(): Promise<WifiNetwork[]>;
  /**
   * Start connecting as a station; events arrive on `onEvent` until {@link disconnect}.
   * `maxAttempts` retries before a final `failed` event (ESP-IDF default 5).
   */
  connect(credentials: WifiCredentials, onEvent: (event: WifiEvent) => void, maxAttempts?: number): void;
  /** Drop the station connection; no more events. */
  disconnect(): void;
  /** Open a soft access point (open when no passphrase), e.g. `PROV_1a2b3c` for provisioning. */
  startAccessPoint(options: { ssid: string; passphrase?: string; channel?: number }): void;
  /** Close the soft access point. */
  stopAccessPoint(): void;
}

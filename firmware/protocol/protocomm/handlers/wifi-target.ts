/**
 * What the Wi-Fi provisioning endpoints need from the device (the provisioning state machine in
 * `firmware/core` implements it; tests use a simulated radio).
 */

/** Credentials from `CmdSetConfig` [spec 6.3 wifi_config.proto]. */
export interface WifiCredentials {
  readonly ssid: Uint8Array;
  readonly passphrase: Uint8Array;
  /** Empty when not given. */
  readonly bssid: Uint8Array;
  /** 0 when not given. */
  readonly channel: number;
}

/** Station state reported by `CmdGetStatus`. `authMode` values are `WifiAuthMode`. */
export type WifiStationReport =
  | { readonly state: "connecting"; readonly attemptsRemaining?: number }
  | {
      readonly state: "connected";
      readonly ip4: string;
      readonly authMode: number;
      readonly ssid: Uint8Array;
      readonly bssid: Uint8Array;
      readonly channel: number;
    }
  | { readonly state: "failed"; readonly reason: "auth-error" | "network-not-found" }
  | { readonly state: "disconnected" };

export interface WifiScanRequest {
  readonly blocking: boolean;
  readonly passive: boolean;
  readonly groupChannels: number;
  readonly periodMs: number;
}

/** One access point as `prov-scan` reports it. `auth` is a `WifiAuthMode` value. */
export interface WifiScanEntry {
  readonly ssid: Uint8Array;
  readonly bssid: Uint8Array;
  readonly channel: number;
  readonly rssi: number;
  readonly auth: number;
}

export interface WifiProvisioningTarget {
  /** Stores credentials; false answers InternalError. */
  setConfig(credentials: WifiCredentials): boolean;
  /** Starts connecting; false answers InternalError (e.g. already connecting, failed or connected). */
  applyConfig(): boolean;
  getStatus(): WifiStationReport;
  /** Starts a scan; false answers InternalError. */
  scanStart(request: WifiScanRequest): boolean;
  scanStatus(): { readonly finished: boolean; readonly count: number };
  /** Entries [start, start+count) of the last scan. */
  scanResults(start: number, count: number): WifiScanEntry[];
  /** `prov-ctrl` reset; false answers InternalError. */
  reset(): boolean;
  /** `prov-ctrl` reprovision; false answers InternalError. */
  reprovision(): boolean;
}

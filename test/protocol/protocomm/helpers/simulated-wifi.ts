import { fromHex, utf8Decode, utf8Encode } from "../../../../firmware/protocol/bytes";
import { WifiAuthMode } from "../../../../firmware/protocol/protocomm/schemas/index";
import type {
  WifiCredentials,
  WifiProvisioningTarget,
  WifiScanEntry,
  WifiStationReport,
} from "../../../../firmware/protocol/protocomm/handlers/wifi-target";
import type { VectorDevice } from "./vector-types";

const MAX_SCAN_RESULTS = 16;
const PROV_STATE = Object.freeze({ idle: "IDLE", connecting: "CONNECTING", connected: "SUCCESS", failed: "FAIL" });

/** A device event in the vectors' `device_events` notation. */
export type DeviceEvent = Readonly<Record<string, string>>;

export type SimulatedWifi = WifiProvisioningTarget;

/** The vectors' simulated radio, following vectors README rules 6-8 (result depends on poll count). */
export function createSimulatedWifi(device: VectorDevice, events: DeviceEvent[] = []): SimulatedWifi {
  const sim = device.wifi_simulation;
  const networks = device.wifi_networks;
  let credentials: WifiCredentials | undefined;
  let phase: "idle" | "connecting" | "connected" | "failed" = "idle";
  let polls = 0;
  let failure: "auth-error" | "network-not-found" = "auth-error";

  const authOf = (name: string): number => {
    const v = (WifiAuthMode as unknown as Record<string, number>)[name];
    if (v === undefined) throw new Error(`unknown auth mode ${name}`);
    return v;
  };

  function connectedReport(): WifiStationReport {
    const n = networks.find((x) => x.ssid === utf8Decode(credentials!.ssid))!;
    return {
      state: "connected",
      ip4: n.ip4_addr,
      authMode: authOf(n.auth),
      ssid: utf8Encode(n.ssid),
      bssid: fromHex(n.bssid),
      channel: n.channel,
    };
  }

  return {
    setConfig(c) {
      credentials = c;
      events.push({ event: "wifi_credentials_received", ssid: utf8Decode(c.ssid), passphrase: utf8Decode(c.passphrase) });
      return true;
    },
    applyConfig() {
      if (phase !== "idle" || !credentials) {
        events.push({ event: "apply_rejected", prov_state: PROV_STATE[phase] });
        return false;
      }
      phase = "connecting";
      polls = 0;
      events.push({ event: "wifi_config_applied", ssid: utf8Decode(credentials.ssid) });
      return true;
    },
    getStatus() {
      if (phase === "connected") return connectedReport();
      if (phase === "failed") return { state: "failed", reason: failure };
      if (phase === "idle") return { state: "disconnected" };
      polls++;
      const n = networks.find((x) => x.ssid === utf8Decode(credentials!.ssid));
      if (!n) {
        phase = "failed";
        failure = "network-not-found";
        return { state: "failed", reason: failure };
      }
      if (n.passphrase === utf8Decode(credentials!.passphrase)) {
        if (polls <= sim.connecting_polls_before_connected) return { state: "connecting" };
        phase = "connected";
        events.push({ event: "wifi_connected", ssid: n.ssid });
        return connectedReport();
      }
      if (polls < sim.wifi_conn_attempts) return { state: "connecting", attemptsRemaining: sim.wifi_conn_attempts - polls };
      phase = "failed";
      failure = "auth-error";
      return { state: "failed", reason: failure };
    },
    scanStart: () => true,
    scanStatus: () => ({ finished: true, count: Math.min(networks.length, MAX_SCAN_RESULTS) }),
    scanResults(start, count): WifiScanEntry[] {
      return networks.slice(start, start + count).map((n) => ({
        ssid: utf8Encode(n.ssid),
        bssid: fromHex(n.bssid),
        channel: n.channel,
        rssi: n.rssi,
        auth: authOf(n.auth),
      }));
    },
    reset() {
      if (phase !== "failed") return false;
      phase = "idle";
      credentials = undefined;
      events.push({ event: "prov_reset_on_failure" });
      return true;
    },
    reprovision: () => false,
  };
}

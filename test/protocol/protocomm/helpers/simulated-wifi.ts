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

export interface SimulatedWifi extends WifiProvisioningTarget {
  /** What the radio did, for checks against `device_events`. */
  readonly events: string[];
}

/** The vectors' simulated radio, following vectors README rules 6-8 (result depends on poll count). */
export function createSimulatedWifi(device: VectorDevice): SimulatedWifi {
  const sim = device.wifi_simulation;
  const networks = device.wifi_networks;
  let credentials: WifiCredentials | undefined;
  let phase: "idle" | "connecting" | "connected" | "failed" = "idle";
  let polls = 0;
  let failure: "auth-error" | "network-not-found" = "auth-error";
  const events: string[] = [];

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
    events,
    setConfig(c) {
      credentials = c;
      events.push(`credentials ${utf8Decode(c.ssid)}`);
      return true;
    },
    applyConfig() {
      if (phase !== "idle" || !credentials) return false;
      phase = "connecting";
      polls = 0;
      events.push("apply");
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
        events.push("connected");
        return connectedReport();
      }
      if (polls < sim.wifi_conn_attempts) return { state: "connecting", attemptsRemaining: sim.wifi_conn_attempts - polls };
      phase = "failed";
      failure = "auth-error";
      events.push("failed");
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
      events.push("reset");
      return true;
    },
    reprovision: () => false,
  };
}

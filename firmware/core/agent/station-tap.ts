import type { WifiEvent, WifiPort } from "../../ports/wifi";

/**
 * The WifiPort handed to the provision hook, forwarding every call, so the agent can follow the
 * station that provisioning connects instead of connecting it a second time.
 */
export interface StationTap {
  readonly wifi: WifiPort;
  /** The station's address and network while the latest `connect` holds a connection. */
  connected(): { readonly ip: string; readonly ssid: string } | undefined;
  /** Station events of the latest `connect`, after its owner saw them; `disconnected` when the owner drops the station. */
  onEvent(listener: (event: WifiEvent) => void): () => void;
}

export function createStationTap(wifi: WifiPort): StationTap {
  const listeners = new Set<(event: WifiEvent) => void>();
  let generation = 0;
  let link: { ip: string; ssid: string } | undefined;
  const notify = (event: WifiEvent): void => {
    for (const l of [...listeners]) l(event);
  };
  return {
    wifi: {
      scan: () => wifi.scan(),
      connect(credentials, onEvent, maxAttempts) {
        const own = ++generation;
        link = undefined;
        wifi.connect(
          credentials,
          (event) => {
            onEvent(event);
            if (own !== generation) return;
            link = event.type === "connected" ? { ip: event.ip, ssid: event.ssid } : undefined;
            notify(event);
          },
          maxAttempts,
        );
      },
      disconnect() {
        generation++;
        const had = link !== undefined;
        link = undefined;
        wifi.disconnect();
        if (had) notify({ type: "disconnected" });
      },
      startAccessPoint: (options) => wifi.startAccessPoint(options),
      stopAccessPoint: () => wifi.stopAccessPoint(),
    },
    connected: () => link,
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

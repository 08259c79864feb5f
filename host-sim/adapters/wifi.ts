import { readFileSync } from "node:fs";
import type { ClockPort } from "../../firmware/ports/clock";
import { createVirtualWifi, type VirtualWifi } from "../fakes/wifi";

/** Options for the host {@link createWifi}. */
export interface HostWifiOptions {
  /** JSON environment file (`--wifi env.json`): `{networks: [{ssid, passphrase, bssid, channel, rssi, auth, ip, hidden, failure}], connectDelayMs, scanDelayMs}`. */
  envFile?: string;
  /** An environment object instead of a file. Without either, the air is empty. */
  environment?: unknown;
  /** The device's clock: connect and scan timing run on it. */
  clock: ClockPort;
}

/** Read and validate a Wi-Fi environment file; errors name the file and the bad field. */
export function readWifiEnvironment(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`wifi environment ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`wifi environment ${file}: invalid JSON: ${(error as Error).message}`);
  }
}

/** {@link WifiPort} of a simulated device: the virtual environment read from `envFile`. */
export function createWifi(options: HostWifiOptions): VirtualWifi {
  const environment = options.envFile !== undefined ? readWifiEnvironment(options.envFile) : (options.environment ?? { networks: [] });
  try {
    return createVirtualWifi({ environment, clock: options.clock });
  } catch (error) {
    throw new Error(options.envFile ? `${options.envFile}: ${(error as Error).message}` : (error as Error).message);
  }
}

/** A provisioning device on a real loopback HTTP server (host-sim adapters), Wi-Fi simulated with short delays. */
import { createProvisioning, type Provisioning, type ProvisioningConfig } from "../../../firmware/core/provisioning/index";
import { createClock } from "../../../host-sim/adapters/clock";
import { createCrypto } from "../../../host-sim/adapters/crypto";
import { createHttpServer } from "../../../host-sim/adapters/http-server";
import { createMemoryKv, type MemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog, type MemoryLog } from "../../../host-sim/fakes/log";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { createVirtualWifi } from "../../../host-sim/fakes/wifi";

export const DeviceMac = Uint8Array.of(0x24, 0x6f, 0x28, 0x12, 0x34, 0x56);
/** MAC bytes 2..5 [spec 6.7]. */
export const DevicePop = "28123456";

export const E2eNetworks = Object.freeze([
  { ssid: "MyHomeAP", passphrase: "secret123", bssid: "a4:cf:12:34:56:78", channel: 6, rssi: -42, ip: "192.168.1.57" },
  { ssid: "Office-WPA3", passphrase: "c0rp-pass-2026", bssid: "dc:2c:6e:7f:80:91", channel: 11, rssi: -71, auth: 6, ip: "172.16.4.9" },
]);

export interface E2eDevice {
  prov: Provisioning;
  log: MemoryLog;
  kv: MemoryKv;
  host: string;
  close(): Promise<void>;
}

export async function startDevice(config: Partial<ProvisioningConfig> = {}): Promise<E2eDevice> {
  const clock = createClock();
  const log = createMemoryLog();
  const kv = createMemoryKv();
  const prov = createProvisioning(
    {
      clock,
      kv,
      log,
      crypto: createCrypto(),
      wifi: createVirtualWifi({ clock, environment: { networks: E2eNetworks, connectDelayMs: 40, scanDelayMs: 40 } }),
      system: createFakeSystem({ mac: DeviceMac }),
      httpServer: createHttpServer({ onHandlerError: (e) => log.log("error", "http", String(e)) }),
    },
    { nodeId: "e2e-node-1", transport: "softap", http: { port: 0, host: "127.0.0.1" }, windowMs: 120_000, stopDelayMs: 300, ...config },
  );
  if (!(await prov.start())) throw new Error("device did not start provisioning");
  return { prov, log, kv, host: `127.0.0.1:${prov.httpPort()}`, close: () => prov.stop() };
}

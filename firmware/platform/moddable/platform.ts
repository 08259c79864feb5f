import config from "mc/config";
import type { Platform } from "../../ports/index";
import type { LogLevel } from "../../ports/log";
import { createBle } from "./ble";
export { ProvisioningBleLayout } from "./ble-uuid";
import { createClock } from "./clock";
import { createCrypto } from "./crypto";
import { createHttpClient } from "./http-client";
import { createHttpServer } from "./http-server";
import { createIo } from "./io";
import { createKv } from "./kv";
import { createLog } from "./log";
import { createMqtt } from "./mqtt";
import { nativeHooks } from "./native";
import { createOta } from "./ota";
import { createSystem } from "./system";
import { createWifi } from "./wifi";

/** The `config` keys of the top-level manifest.json that shape the platform. */
interface PlatformConfig {
  /** `lin`: no radio and no OTA partitions (set in manifest.json `platforms.lin.config`). */
  simulator?: boolean;
  logLevel?: LogLevel;
  projectName?: string;
  version?: string;
  platform?: string;
}

/**
 * Builds every port on the Moddable runtime: the composition root of a device app. The simulator
 * (`lin`) gets no BLE port, so provisioning there uses SoftAP HTTP on the host network.
 */
export function createPlatform(): Platform {
  const settings = config as PlatformConfig;
  const simulator = settings.simulator === true;
  const log = createLog({ level: settings.logLevel ?? "info" });
  const kv = createKv();
  const native = nativeHooks();
  const platform: Platform = {
    clock: createClock(),
    kv,
    log,
    crypto: createCrypto(),
    system: createSystem({
      log,
      kv,
      native,
      firmware: { projectName: settings.projectName ?? "xs-rainmaker", version: settings.version ?? "0.0.0", platform: settings.platform ?? "esp32" },
    }),
    wifi: createWifi({ log, hostNetwork: simulator }),
    mqtt: createMqtt({ log }),
    httpClient: createHttpClient(),
    httpServer: createHttpServer({ log }),
    ota: createOta({ log, native, inMemory: simulator }),
    io: createIo(),
  };
  if (!simulator) platform.ble = createBle({ log });
  return platform;
}

import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import sht3x from "../../drivers/sht3x/sht3x";
import { currentNodeId } from "../../core/claiming/credentials";
import { provisioningHook } from "../../core/provisioning/agent-hook";
import { configIntegers, otaConfig } from "../../platform/moddable/app-config";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform, ProvisioningBleLayout } from "../../platform/moddable/platform";

/** SHT3x temperature/humidity sensor on I2C, sampled every 60 s; bus pins and address from manifest.json `config.i2c`. */
const i2c = configIntegers("i2c", ["data", "clock", "address"]);
const app = node({ name: "Climate", type: "Temperature Sensor" })
  .add(sht3x, { name: "Temperature Sensor", io: { bus: { data: i2c.data, clock: i2c.clock, address: i2c.address } }, pollMs: 60_000 })
  .withSystemService();

const platform = createPlatform();
installImageCredentials(platform); // host-claim credentials built in by `xs-rainmaker flash --credentials`, stored at first boot
// Provisioning over BLE on the board (SoftAP HTTP in the simulator) [spec 6.7].
// Node credentials come from the factory kv (host claim); see firmware/platform/moddable/README.md.
startAgent(platform, app, {
  info: { fwVersion: platform.system.firmware().version },
  hooks: { provision: provisioningHook({ nodeId: currentNodeId(platform.kv, platform.system.mac()), ble: ProvisioningBleLayout }) },
  ota: otaConfig(platform.log), // image signing key from `xs-rainmaker flash --ota-key`; without it "OTA off" is logged
});

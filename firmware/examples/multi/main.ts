import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import pwmLight from "../../drivers/pwm-light/pwm-light";
import relay from "../../drivers/relay/relay";
import sht3x from "../../drivers/sht3x/sht3x";
import { currentNodeId } from "../../core/claiming/credentials";
import { provisioningHook } from "../../core/provisioning/agent-hook";
import { configIntegers, otaConfig } from "../../platform/moddable/app-config";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform, ProvisioningBleLayout } from "../../platform/moddable/platform";

/** Switch, lightbulb and temperature sensor in one node (the spec 1.6 example shape); pins from manifest.json `config`. */
const pins = configIntegers("pins", ["relay", "red", "green", "blue", "button"]);
const i2c = configIntegers("i2c", ["data", "clock", "address"]);
const app = node({ name: "Multi", type: "Multi Device" })
  .add(relay, { name: "Switch", io: { relay: { pin: pins.relay } } })
  .add(pwmLight, { name: "Light", io: { red: { pin: pins.red }, green: { pin: pins.green }, blue: { pin: pins.blue } } })
  .add(sht3x, { name: "Temperature Sensor", io: { bus: { data: i2c.data, clock: i2c.clock, address: i2c.address } }, pollMs: 60_000 })
  .add(button, { name: "Button", io: { button: { pin: pins.button } }, options: { target: "Switch", longTarget: "System", longParam: "Factory-Reset" } })
  .withTimeService()
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

import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import pwmLight from "../../drivers/pwm-light/pwm-light";
import { currentNodeId } from "../../core/claiming/credentials";
import { provisioningHook } from "../../core/provisioning/agent-hook";
import { configIntegers, otaConfig } from "../../platform/moddable/app-config";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform, ProvisioningBleLayout } from "../../platform/moddable/platform";

/** RGB lightbulb on three PWM pins with a push button: short press toggles, long press factory-resets. Pins: manifest.json `config.pins`. */
const pins = configIntegers("pins", ["red", "green", "blue", "button"]);
const app = node({ name: "Lightbulb", type: "Lightbulb" })
  .add(pwmLight, { name: "Light", io: { red: { pin: pins.red }, green: { pin: pins.green }, blue: { pin: pins.blue } } })
  .add(button, { name: "Button", io: { button: { pin: pins.button } }, options: { target: "Light", longTarget: "System", longParam: "Factory-Reset" } })
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

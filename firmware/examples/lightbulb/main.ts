import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import pwmLight from "../../drivers/pwm-light/pwm-light";
import { provisioningHook } from "../../core/provisioning/agent-hook";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform, ProvisioningBleLayout } from "../../platform/moddable/platform";
import { toHex } from "../../protocol/bytes";

/** RGB lightbulb on PWM pins 25/26/27 with the boot button: short press toggles, long press factory-resets. */
const app = node({ name: "Lightbulb", type: "Lightbulb" })
  .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
  .add(button, { name: "Button", io: { button: { pin: 0 } }, options: { target: "Light", longTarget: "System", longParam: "Factory-Reset" } })
  .withTimeService()
  .withSystemService();

const platform = createPlatform();
installImageCredentials(platform); // host-claim credentials built in by `xs-rainmaker flash --credentials`, stored at first boot
// Provisioning over BLE on the board (SoftAP HTTP in the simulator), node id = base MAC [spec 6.7].
// Node credentials come from the factory kv (host claim); see firmware/platform/moddable/README.md.
startAgent(platform, app, {
  info: { fwVersion: platform.system.firmware().version },
  hooks: { provision: provisioningHook({ nodeId: toHex(platform.system.mac(), true), ble: ProvisioningBleLayout }) },
});

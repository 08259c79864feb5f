import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import relay from "../../drivers/relay/relay";
import { currentNodeId } from "../../core/claiming/credentials";
import { provisioningHook } from "../../core/provisioning/agent-hook";
import { configIntegers, otaConfig } from "../../platform/moddable/app-config";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform, ProvisioningBleLayout } from "../../platform/moddable/platform";

/** Relay with a push button toggling it (long press: factory reset); pins from manifest.json `config.pins`. */
const pins = configIntegers("pins", ["relay", "button"]);
const app = node({ name: "Switch", type: "Switch" })
  .add(relay, { name: "Switch", io: { relay: { pin: pins.relay } } })
  .add(button, { name: "Button", io: { button: { pin: pins.button } }, options: { target: "Switch", longTarget: "System", longParam: "Factory-Reset" } })
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

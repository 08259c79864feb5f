import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import relay from "../../drivers/relay/relay";
import { loadCredentials } from "../../core/claiming/credentials";
import { provisioningHook } from "../../core/provisioning/agent-hook";
import { configIntegers } from "../../platform/moddable/app-config";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform, ProvisioningBleLayout } from "../../platform/moddable/platform";
import { toHex } from "../../protocol/bytes";

/** Relay with a push button toggling it (long press: factory reset); pins from manifest.json `config.pins`. */
const pins = configIntegers("pins", ["relay", "button"]);
const app = node({ name: "Switch", type: "Switch" })
  .add(relay, { name: "Switch", io: { relay: { pin: pins.relay } } })
  .add(button, { name: "Button", io: { button: { pin: pins.button } }, options: { target: "Switch", longTarget: "System", longParam: "Factory-Reset" } })
  .withSystemService();

const platform = createPlatform();
installImageCredentials(platform); // host-claim credentials built in by `xs-rainmaker flash --credentials`, stored at first boot
// The node id the provisioning client maps to the user: the claimed one when credentials are stored
// (host claim for another MAC), else the base MAC [spec 4.1].
function nodeIdOf(p: typeof platform): string {
  return loadCredentials(p.kv)?.nodeId ?? toHex(p.system.mac(), true);
}
// Provisioning over BLE on the board (SoftAP HTTP in the simulator) [spec 6.7].
// Node credentials come from the factory kv (host claim); see firmware/platform/moddable/README.md.
startAgent(platform, app, {
  info: { fwVersion: platform.system.firmware().version },
  hooks: { provision: provisioningHook({ nodeId: nodeIdOf(platform), ble: ProvisioningBleLayout }) },
});

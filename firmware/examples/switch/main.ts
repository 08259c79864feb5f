import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import relay from "../../drivers/relay/relay";
import { createPlatform } from "../../platform/moddable/platform";

/** Relay on pin 4 with the boot button on pin 0 toggling it (long press: factory reset). */
const app = node({ name: "Switch", type: "Switch" })
  .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
  .add(button, { name: "Button", io: { button: { pin: 0 } }, options: { target: "Switch", longTarget: "System", longParam: "Factory-Reset" } })
  .withSystemService();

const platform = createPlatform();
startAgent(platform, app, { info: { fwVersion: platform.system.firmware().version } });

import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import button from "../../drivers/button/button";
import pwmLight from "../../drivers/pwm-light/pwm-light";
import { createPlatform } from "../../platform/moddable/platform";

/** RGB lightbulb on PWM pins 25/26/27 with the boot button: short press toggles, long press factory-resets. */
const app = node({ name: "Lightbulb", type: "Lightbulb" })
  .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
  .add(button, { name: "Button", io: { button: { pin: 0 } }, options: { target: "Light", longTarget: "System", longParam: "Factory-Reset" } })
  .withTimeService()
  .withSystemService();

const platform = createPlatform();
startAgent(platform, app, { info: { fwVersion: platform.system.firmware().version } });

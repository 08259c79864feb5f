import { node } from "../../firmware/core/index";
import button from "../../firmware/drivers/button/button";
import pwmLight from "../../firmware/drivers/pwm-light/pwm-light";
import type { SimApp } from "./sim-app";
import type { FakeIo } from "../fakes/io/index";

/** RGB lightbulb on PWM pins 25/26/27 with a boot button: short press toggles, long press factory-resets. */
export const lightbulbApp: SimApp = Object.freeze({
  name: "lightbulb",
  buttonPin: 0,
  node: node({ name: "Lightbulb", type: "Lightbulb" })
    .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
    .add(button, { name: "Button", io: { button: { pin: 0 } }, options: { target: "Light", longTarget: "System", longParam: "Factory-Reset" } })
    .withTimeService()
    .withSystemService(),
  wire(io: FakeIo) {
    io.pin(0).setInput(1); // pull-up: released
  },
});

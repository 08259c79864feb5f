import { node } from "../../firmware/core/index";
import button from "../../firmware/drivers/button/button";
import pwmLight from "../../firmware/drivers/pwm-light/pwm-light";
import relay from "../../firmware/drivers/relay/relay";
import sht3x from "../../firmware/drivers/sht3x/sht3x";
import { FakeSht3x } from "../fakes/io/index";
import type { SimApp } from "./sim-app";
import type { FakeIo } from "../fakes/io/index";

/** Switch, lightbulb and temperature sensor in one node (the spec 1.6 example shape). */
export const multiApp: SimApp = Object.freeze({
  name: "multi",
  buttonPin: 0,
  node: node({ name: "Multi", type: "Multi Device" })
    .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
    .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
    .add(sht3x, { name: "Temperature Sensor", io: { bus: { data: 21, clock: 22 } }, pollMs: 60_000 })
    .add(button, { name: "Button", io: { button: { pin: 0 } }, options: { target: "Switch", longTarget: "System", longParam: "Factory-Reset" } })
    .withTimeService()
    .withSystemService(),
  wire(io: FakeIo) {
    io.pin(0).setInput(1);
    io.i2cBus().attach(0x44, new FakeSht3x({ temperature: 21, humidity: 50 }));
  },
});

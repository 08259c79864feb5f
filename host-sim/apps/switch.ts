import { node } from "../../firmware/core/index";
import button from "../../firmware/drivers/button/button";
import relay from "../../firmware/drivers/relay/relay";
import type { SimApp } from "./sim-app";
import type { FakeIo } from "../fakes/io/index";

/** Relay on pin 4 with a button on pin 0 toggling it. */
export const switchApp: SimApp = Object.freeze({
  name: "switch",
  buttonPin: 0,
  node: node({ name: "Switch", type: "Switch" })
    .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
    .add(button, { name: "Button", io: { button: { pin: 0 } }, options: { target: "Switch", longTarget: "System", longParam: "Factory-Reset" } })
    .withSystemService(),
  wire(io: FakeIo) {
    io.pin(0).setInput(1);
  },
});

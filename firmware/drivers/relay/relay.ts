// Relay, MOSFET or LED on one GPIO, driven by the device's Power param. No datasheet: any digital load.
import { defineDriver, devices } from "../../core/index";
import type { DeviceTemplate, ParamSpec } from "../../core/index";

/** A relay driver for any powered device kind (switch by default; outlet, plug, light, ...). */
export function relayDriver(template: DeviceTemplate<{ power: ParamSpec<boolean> }> = devices.switch()) {
  return defineDriver({
    device: template,
    io: { relay: "digital-out" },
    options: { activeLow: false },
    write({ relay }, changed, ctx) {
      if (changed.power === undefined) return;
      relay.write(changed.power !== ctx.options.activeLow ? 1 : 0);
    },
  });
}

/** Switch on one relay: `node(...).add(relay, { name: "Switch", io: { relay: { pin: 4 } } })`. */
export const relay = relayDriver();
export default relay;

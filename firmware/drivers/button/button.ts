// Push button on one GPIO (to GND with the internal pull-up by default). Debounced through the
// clock; a short press toggles a bool param of any device, a long press can set another param.
import { defineDriver } from "../../core/index";
import type { TimerHandle } from "../../core/index";

export const button = defineDriver({
  io: { button: "digital-in" },
  options: {
    /** Device whose bool param a short press toggles (e.g. "Switch"). */
    target: "",
    param: "Power",
    /** Device and param a long press sets to `true` (e.g. "System" / "Factory-Reset"); empty: none. */
    longTarget: "",
    longParam: "",
    /** Pressed reads 0 (button to GND with pull-up). */
    activeLow: true,
    debounceMs: 30,
    longPressMs: 3000,
  },
  start(io, ctx) {
    const o = ctx.options;
    const isPressed = (level: 0 | 1): boolean => (level === 0) === o.activeLow;
    let stable = io.button.read();
    let settleTimer: TimerHandle | undefined;
    let longTimer: TimerHandle | undefined;
    let longFired = false;

    const shortPress = (): void => {
      if (!o.target) return;
      const current = ctx.getParam(o.target, o.param);
      if (typeof current !== "boolean") {
        ctx.log("warn", `short press: ${o.target}.${o.param} is not a bool param`);
        return;
      }
      ctx.setParam(o.target, o.param, !current, "local");
    };
    const longPress = (): void => {
      longFired = true;
      ctx.log("info", `long press: setting ${o.longTarget}.${o.longParam}`);
      ctx.setParam(o.longTarget, o.longParam, true, "local");
    };
    const settle = (): void => {
      settleTimer = undefined;
      const level = io.button.read();
      if (level === stable) return;
      stable = level;
      if (isPressed(level)) {
        longFired = false;
        if (o.longTarget && o.longParam) longTimer = ctx.clock.setTimeout(longPress, o.longPressMs);
      } else {
        ctx.clock.clear(longTimer);
        longTimer = undefined;
        if (!longFired) shortPress();
      }
    };
    ctx.onInput("button", () => {
      ctx.clock.clear(settleTimer);
      settleTimer = ctx.clock.setTimeout(settle, o.debounceMs);
    });
    return () => {
      ctx.clock.clear(settleTimer);
      ctx.clock.clear(longTimer);
    };
  },
});
export default button;

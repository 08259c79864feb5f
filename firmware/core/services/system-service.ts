import type { ClockPort } from "../../ports/clock";
import type { LogPort } from "../../ports/log";
import { StandardParams } from "../../protocol/rainmaker/catalog";
import type { ParamValue } from "../../protocol/rainmaker/description";
import type { EntryHandler } from "../runtime/entry";

/** What the agent does for System service writes [spec 9.7]. */
export interface SystemActions {
  reboot?(): void;
  factoryReset?(): void;
  wifiReset?(): void;
}

/**
 * System service: a `true` write is accepted and echoed as `true`, and the action runs `delayMs`
 * later so the echo can go out first [spec 9.7]. `false` is accepted and does nothing. A param
 * whose action the agent did not supply is rejected.
 */
export function createSystemServiceHandler(clock: ClockPort, log: LogPort, actions: SystemActions, delayMs: number): EntryHandler {
  const byParam: Record<string, (() => void) | undefined> = {
    [StandardParams.reboot.name]: actions.reboot,
    [StandardParams.factoryReset.name]: actions.factoryReset,
    [StandardParams.wifiReset.name]: actions.wifiReset,
  };
  return {
    write(changed: ReadonlyMap<string, ParamValue>) {
      const run: Array<[string, () => void]> = [];
      for (const [param, value] of changed) {
        if (value !== true) continue;
        const action = byParam[param];
        if (!action) throw new Error(`${param}: this node has no such action`);
        run.push([param, action]);
      }
      for (const [param, action] of run) {
        log.log("info", "system", `${param} requested; acting in ${delayMs} ms`);
        clock.setTimeout(() => {
          try {
            action();
          } catch (error) {
            log.log("error", "system", `${param} failed: ${String(error)}`);
          }
        }, delayMs);
      }
      return changed;
    },
  };
}

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

/** The action behind a System service param name, if the agent supplied one. */
function actionFor(actions: SystemActions, param: string): (() => void) | undefined {
  switch (param) {
    case StandardParams.reboot.name:
      return actions.reboot;
    case StandardParams.factoryReset.name:
      return actions.factoryReset;
    case StandardParams.wifiReset.name:
      return actions.wifiReset;
    default:
      return undefined;
  }
}

class SystemServiceHandler implements EntryHandler {
  constructor(readonly clock: ClockPort, readonly log: LogPort, readonly actions: SystemActions, readonly delayMs: number) {}

  write(changed: ReadonlyMap<string, ParamValue>): ReadonlyMap<string, ParamValue> {
    const run: Array<[string, () => void]> = [];
    for (const [param, value] of changed) {
      if (value !== true) continue;
      const action = actionFor(this.actions, param);
      if (!action) throw new Error(`${param}: this node has no such action`);
      run.push([param, action]);
    }
    const log = this.log;
    for (const [param, action] of run) {
      log.log("info", "system", `${param} requested; acting in ${this.delayMs} ms`);
      this.clock.setTimeout(() => {
        try {
          action();
        } catch (error) {
          log.log("error", "system", `${param} failed: ${String(error)}`);
        }
      }, this.delayMs);
    }
    return changed;
  }
}

/**
 * System service: a `true` write is accepted and echoed as `true`, and the action runs `delayMs`
 * later so the echo can go out first [spec 9.7]. `false` is accepted and does nothing. A param
 * whose action the agent did not supply is rejected.
 */
export function createSystemServiceHandler(clock: ClockPort, log: LogPort, actions: SystemActions, delayMs: number): EntryHandler {
  return new SystemServiceHandler(clock, log, actions, delayMs);
}

import type { LogPort } from "../../ports/log";
import { StandardParams } from "../../protocol/rainmaker/catalog";
import type { ParamValue } from "../../protocol/rainmaker/description";
import type { EntryHandler } from "../runtime/entry";
import { posixForTz } from "./tz-table";

/** Called with the POSIX TZ string the node should now use (and the tz name, when one was written). */
export type TimezoneAction = (posix: string, tz: string | undefined) => void;

const TZ = StandardParams.tz.name;
const TZ_POSIX = StandardParams.tzPosix.name;

/**
 * Time service: writing TZ also sets and reports TZ-POSIX from the tz table; writing TZ-POSIX sets
 * it directly (it wins when both come in one write) [spec 9.4].
 */
class TimeServiceHandler implements EntryHandler {
  constructor(readonly log: LogPort, readonly onTimezone: TimezoneAction | undefined) {}

  write(changed: ReadonlyMap<string, ParamValue>): ReadonlyMap<string, ParamValue> {
    const { log, onTimezone } = this;
    const out = new Map(changed);
    const tz = changed.get(TZ) as string | undefined;
    if (tz !== undefined && !changed.has(TZ_POSIX)) {
      const posix = posixForTz(tz);
      if (posix !== undefined) out.set(TZ_POSIX, posix);
      else log.log("info", "time", `no POSIX rule known for "${tz}"; TZ-POSIX unchanged`);
    }
    const posix = out.get(TZ_POSIX) as string | undefined;
    if (posix !== undefined && onTimezone) {
      try {
        onTimezone(posix, tz);
      } catch (error) {
        log.log("error", "time", `applying timezone failed: ${String(error)}`);
      }
    }
    return out;
  }
}

export function createTimeServiceHandler(log: LogPort, onTimezone: TimezoneAction | undefined): EntryHandler {
  return new TimeServiceHandler(log, onTimezone);
}

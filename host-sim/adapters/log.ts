import type { LogLevel, LogPort } from "../../firmware/ports/log";
import { formatLogLine } from "../fakes/log";

const LevelRank = Object.freeze({ debug: 0, info: 1, warn: 2, error: 3 } as const);

/** Options for the host {@link createLog}. */
export interface HostLogOptions {
  /** Prefix naming the device: its node id once known, else a label such as `sim-1`. Can be changed later. */
  label: string;
  /** Lowest level printed (default `debug`). */
  minLevel?: LogLevel;
  /** Where lines go (default process.stdout). */
  write?: (line: string) => void;
}

/** The host log sink; `setLabel` switches the prefix (e.g. to the node id after claiming). */
export interface HostLog extends LogPort {
  setLabel(label: string): void;
}

/** {@link LogPort} printing `[<label>] level tag: message` lines to stdout. */
export function createLog(options: HostLogOptions): HostLog {
  let label = options.label;
  const minRank = LevelRank[options.minLevel ?? "debug"];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  return {
    log(level, tag, message) {
      if ((LevelRank[level] ?? LevelRank.info) < minRank) return;
      for (const part of String(message).split("\n")) write(`[${label}] ${formatLogLine({ level, tag, message: part })}`);
    },
    setLabel(next) {
      label = next;
    },
  };
}

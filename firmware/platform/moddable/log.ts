import type { LogLevel, LogPort } from "../../ports/log";

/** Options for {@link createLog}. */
export interface ModdableLogOptions {
  /** Lines below this level are dropped (default `info`). */
  level?: LogLevel;
}

const Rank = Object.freeze({ debug: 0, info: 1, warn: 2, error: 3 } as const);

/** {@link LogPort} on `trace` (xsbug / serial console): one line per call, `LEVEL tag: message`. */
export function createLog(options: ModdableLogOptions = {}): LogPort {
  const min = Rank[options.level ?? "info"];
  return {
    log(level, tag, message) {
      if (Rank[level] < min) return;
      trace(`${level.toUpperCase()} ${tag}: ${message}\n`);
    },
  };
}

import type { LogLevel, LogPort } from "../../firmware/ports/log";

/** One recorded log call. */
export interface LogRecord {
  level: LogLevel;
  tag: string;
  message: string;
}

/** A {@link LogPort} that records lines for assertions. */
export interface MemoryLog extends LogPort {
  /** Everything logged so far, oldest first (copies). */
  records(): LogRecord[];
  /** The same, formatted like the host adapter prints them (without the device prefix). */
  lines(): string[];
  /** Records matching a level and/or tag. */
  find(filter: { level?: LogLevel; tag?: string; includes?: string }): LogRecord[];
  clear(): void;
}

/** Format one line as `level tag: message` (the host adapter adds the `[device]` prefix). */
export function formatLogLine(record: LogRecord): string {
  return `${record.level} ${record.tag}: ${record.message}`;
}

/** In-memory {@link LogPort}; optionally forwards every call to another sink. */
export function createMemoryLog(forward?: LogPort): MemoryLog {
  const kept: LogRecord[] = [];
  return {
    log(level, tag, message) {
      kept.push({ level, tag, message: String(message) });
      forward?.log(level, tag, message);
    },
    records: () => kept.map((record) => ({ ...record })),
    lines: () => kept.map(formatLogLine),
    find: (filter) =>
      kept.filter(
        (r) =>
          (filter.level === undefined || r.level === filter.level) &&
          (filter.tag === undefined || r.tag === filter.tag) &&
          (filter.includes === undefined || r.message.includes(filter.includes)),
      ),
    clear() {
      kept.length = 0;
    },
  };
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Log sink. Moddable: `trace`; host: stdout with a node-id prefix. */
export interface LogPort {
  /** Write one line. `tag` names the subsystem (`prov`, `mqtt`, `claim`, ...). */
  log(level: LogLevel, tag: string, message: string): void;
}

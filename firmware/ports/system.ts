export type ResetReason = "power-on" | "software" | "ota" | "rollback" | "watchdog" | "panic" | "unknown";

/** Heap figures in bytes, as far as the runtime reports them. */
export interface HeapStats { used: number; free?: number; peak?: number }

/**
 * The board itself. Moddable: native/FFI (`esp_restart`, `esp_reset_reason`, base MAC);
 * host: a process-level restart of the simulated device.
 */
export interface SystemPort {
  /** Restart the device; firmware state is lost, kv storage is kept. Does not return on a board. */
  restart(reason: ResetReason): void;
  /** Why the current boot happened. */
  resetReason(): ResetReason;
  /** Base MAC address, 6 bytes. */
  mac(): Uint8Array;
  heap(): HeapStats;
  /** Firmware identity of the running image. */
  firmware(): { projectName: string; version: string; platform: string };
}

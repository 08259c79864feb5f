import type { HeapStats, ResetReason, SystemPort } from "../../firmware/ports/system";

/** Firmware identity reported by {@link SystemPort.firmware}. */
export interface FirmwareIdentity {
  projectName: string;
  version: string;
  platform: string;
}

/** Options shared by the system fake and the host adapter. */
export interface SystemOptions {
  /** Base MAC, 6 bytes (default 02:00:00:00:00:01, a locally administered address). */
  mac?: Uint8Array;
  /** Why this boot happened (default `power-on`); the simulator passes the previous restart's reason. */
  resetReason?: ResetReason;
  firmware?: Partial<FirmwareIdentity>;
  /** Host callback: the simulator tears this device instance down and boots a new one. */
  onRestart?: (reason: ResetReason) => void;
}

/** {@link SystemPort} fake with a control surface. */
export interface FakeSystem extends SystemPort {
  /** Reasons passed to `restart`, oldest first. */
  restarts(): ResetReason[];
  /** Set the figures `heap()` reports. */
  setHeap(stats: HeapStats): void;
}

const ResetReasons: readonly ResetReason[] = Object.freeze(["power-on", "software", "ota", "rollback", "watchdog", "panic", "unknown"]);

/** Validate options and build the parts shared by fake and adapter. */
export function createSystemCore(options: SystemOptions, heap: () => HeapStats): SystemPort & { restarts(): ResetReason[] } {
  const mac = options.mac ?? Uint8Array.from([0x02, 0, 0, 0, 0, 0x01]);
  if (!(mac instanceof Uint8Array) || mac.length !== 6) throw new RangeError("system mac must be 6 bytes");
  const resetReason = options.resetReason ?? "power-on";
  if (!ResetReasons.includes(resetReason)) throw new RangeError(`unknown reset reason ${String(resetReason)}`);
  const firmware: FirmwareIdentity = Object.freeze({
    projectName: options.firmware?.projectName ?? "xs-rainmaker",
    version: options.firmware?.version ?? "0.0.0",
    platform: options.firmware?.platform ?? "host",
  });
  const macCopy = mac.slice();
  const restarts: ResetReason[] = [];
  return {
    restart(reason) {
      if (!ResetReasons.includes(reason)) throw new RangeError(`unknown reset reason ${String(reason)}`);
      restarts.push(reason);
      options.onRestart?.(reason);
    },
    resetReason: () => resetReason,
    mac: () => macCopy.slice(),
    heap,
    firmware: () => ({ ...firmware }),
    restarts: () => restarts.slice(),
  };
}

/** In-memory {@link SystemPort}; heap figures are whatever the test sets (default 0 used). */
export function createFakeSystem(options: SystemOptions = {}): FakeSystem {
  let heap: HeapStats = { used: 0 };
  const core = createSystemCore(options, () => ({ ...heap }));
  return {
    ...core,
    setHeap(stats) {
      heap = { ...stats };
    },
  };
}

import { createHash } from "node:crypto";
import type { SystemPort, ResetReason } from "../../firmware/ports/system";
import { createSystemCore, type SystemOptions } from "../fakes/system";

/** Options for the host {@link createSystem}. */
export interface HostSystemOptions extends SystemOptions {
  /** Derive a stable locally administered MAC from this string when `mac` is not given (e.g. the device dir). */
  macSeed?: string;
}

/** A MAC that is stable per seed, locally administered and unicast (first byte xxxxxx10). */
export function macFromSeed(seed: string): Uint8Array {
  const mac = new Uint8Array(createHash("sha256").update(seed).digest().subarray(0, 6));
  mac[0] = (mac[0]! & 0xfc) | 0x02;
  return mac;
}

/** {@link SystemPort} for a simulated device: restart calls back into the simulator; heap is this process's. */
export function createSystem(options: HostSystemOptions = {}): SystemPort & { restarts(): ResetReason[] } {
  const mac = options.mac ?? (options.macSeed !== undefined ? macFromSeed(options.macSeed) : undefined);
  return createSystemCore({ ...options, mac, firmware: { platform: `node-${process.platform}`, ...options.firmware } }, () => {
    const usage = process.memoryUsage();
    return { used: usage.heapUsed, free: Math.max(usage.heapTotal - usage.heapUsed, 0) };
  });
}

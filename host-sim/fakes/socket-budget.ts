import { MQTT_LIMITS } from "../../firmware/protocol/limits";

/** The TCP sockets one simulated device may hold at once (shared by its MQTT and HTTP clients). */
export interface SocketBudget {
  readonly max: number;
  /** Take a socket for `purpose`; returns the release function (idempotent). Throws when none is left. */
  acquire(purpose: string): () => void;
  inUse(): number;
}

/** Error thrown when a device has no TCP socket left, as lwIP would refuse a new PCB. */
export class SocketLimitError extends Error {
  readonly code = "socket-limit";
  constructor(max: number, purpose: string) {
    super(`no free TCP socket for ${purpose}: all ${max} in use (CONFIG_LWIP_MAX_ACTIVE_TCP)`);
    this.name = "SocketLimitError";
  }
}

/** A per-device socket counter; default limit `MQTT_LIMITS.maxTcpSockets` (8, ESP32 lwIP). */
export function createSocketBudget(max: number = MQTT_LIMITS.maxTcpSockets): SocketBudget {
  let used = 0;
  return {
    max,
    acquire(purpose) {
      if (used >= max) throw new SocketLimitError(max, purpose);
      used++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        used--;
      };
    },
    inUse: () => used,
  };
}

import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import type { ResetReason, SystemPort } from "../../ports/system";
import type { NativeHooks } from "./native";

/** Options for {@link createSystem}. */
export interface ModdableSystemOptions {
  log: LogPort;
  kv: KvPort;
  native: NativeHooks;
  firmware: { projectName: string; version: string; platform: string };
}

/** Where `restart` leaves its reason for the next boot (esp_reset_reason only says "software"). */
const HintNamespace = "xsr_sys";
const HintKey = "restart";
const HintReasons: readonly ResetReason[] = Object.freeze(["software", "ota", "rollback"]);

/** esp_reset_reason_t numbers (esp_system.h) to port reasons. */
function fromEspReason(code: number): ResetReason {
  switch (code) {
    case 1: return "power-on";
    case 3: return "software";
    case 4: return "panic";
    case 5:
    case 6:
    case 7: return "watchdog";
    default: return "unknown";
  }
}

/** {@link SystemPort} on the native hooks (esp_restart, esp_reset_reason, base MAC, heap). */
export function createSystem(options: ModdableSystemOptions): SystemPort {
  const { log, kv, native } = options;
  const hint = kv.get(HintNamespace, HintKey);
  if (hint !== undefined) kv.delete(HintNamespace, HintKey);
  let reason = fromEspReason(native.xsr_reset_reason());
  if (native.xsr_ota_rolled_back() === 1 && reason === "software") reason = "rollback";
  if (reason === "software" && typeof hint === "string" && (HintReasons as readonly string[]).includes(hint)) reason = hint as ResetReason;

  return {
    restart(why) {
      kv.set(HintNamespace, HintKey, why);
      log.log("info", "system", `restarting (${why})`);
      native.xsr_restart();
    },
    resetReason: () => reason,
    mac() {
      const buffer = new ArrayBuffer(6);
      if (native.xsr_base_mac(buffer, 0, 6) !== 0) throw new Error("reading the base MAC failed");
      return new Uint8Array(buffer);
    },
    heap() {
      const free = native.xsr_free_heap();
      const total = native.xsr_total_heap();
      const lowest = native.xsr_min_free_heap();
      return { used: Math.max(0, total - free), free, peak: Math.max(0, total - lowest) };
    },
    firmware: () => ({ ...options.firmware }),
  };
}

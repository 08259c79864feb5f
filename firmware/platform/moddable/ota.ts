import OTA from "ota";
import type { LogPort } from "../../ports/log";
import type { OtaBootState, OtaPort, OtaSlot, OtaWriter } from "../../ports/ota";
import { asArrayBuffer, fromArrayBuffer, messageOf } from "./buffers";
import { MemorySlot } from "./memory-slot";
import type { NativeHooks } from "./native";

/** Options for {@link createOta}. */
export interface ModdableOtaOptions {
  log: LogPort;
  native: NativeHooks;
  /** No OTA partitions (the simulator): keep the received image in memory instead. */
  inMemory?: boolean;
}

interface Sink {
  write(chunk: Uint8Array): void;
  complete(): void;
  cancel(): void;
}

/**
 * {@link OtaPort} on the SDK's `ota` module (esp_ota_begin/write/end + set boot partition) and
 * the native hooks for the rollback state machine, which needs
 * CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE (`sdkconfig/sdkconfig.defaults`) [spec 7].
 * `esp_ota_begin` erases the slot, so an interrupted download cannot be resumed: `resume` starts over.
 */
export function createOta(options: ModdableOtaOptions): OtaPort {
  const { log, native } = options;
  const memory = new MemorySlot();
  let active: OtaWriter | undefined;

  function openSink(size: number): Sink {
    if (options.inMemory) {
      memory.open(size);
      return {
        write: (chunk) => memory.write(chunk),
        complete: () => log.log("info", "ota", `simulator: ${size}-byte image kept in memory; no slot switch on restart`),
        cancel: () => memory.cancel(),
      };
    }
    const capacity = native.xsr_ota_next_size();
    if (capacity > 0 && size > capacity) throw new Error(`image of ${size} bytes does not fit the ${capacity}-byte OTA slot`);
    const ota = new OTA();
    return {
      write: (chunk) => ota.write(asArrayBuffer(chunk)),
      complete: () => ota.complete(),
      cancel: () => ota.cancel(),
    };
  }

  return {
    boot(): OtaBootState {
      const slot = native.xsr_ota_running_slot();
      const running: OtaSlot = slot === 1 ? "b" : "a";
      return { running, pendingValidation: native.xsr_ota_pending_verify() === 1, rolledBack: native.xsr_ota_rolled_back() === 1 };
    },
    begin(size, beginOptions) {
      if (!Number.isInteger(size) || size <= 0) return Promise.reject(new Error(`bad OTA image size ${size}`));
      if (active) return Promise.reject(new Error("an OTA update is already being written"));
      if (beginOptions?.resume) log.log("info", "ota", "resume is not possible on ESP32 (esp_ota_begin erases the slot): starting from byte 0");
      let sink: Sink;
      try {
        sink = openSink(size);
      } catch (error) {
        return Promise.reject(new Error(`OTA begin failed: ${messageOf(error)}`));
      }
      let written = 0;
      let state: "open" | "done" = "open";
      const writer: OtaWriter = {
        get written() {
          return written;
        },
        write(chunk) {
          if (state !== "open") return Promise.reject(new Error("OTA writer is closed"));
          if (written + chunk.length > size) return Promise.reject(new Error(`OTA image larger than the announced ${size} bytes`));
          try {
            sink.write(chunk);
          } catch (error) {
            return Promise.reject(new Error(`OTA write failed at byte ${written}: ${messageOf(error)}`));
          }
          written += chunk.length;
          return Promise.resolve();
        },
        complete() {
          if (state !== "open") return Promise.reject(new Error("OTA writer is closed"));
          if (written !== size) return Promise.reject(new Error(`OTA image incomplete: ${written} of ${size} bytes`));
          state = "done";
          active = undefined;
          try {
            sink.complete();
          } catch (error) {
            return Promise.reject(new Error(`OTA complete failed: ${messageOf(error)}`));
          }
          return Promise.resolve();
        },
        abort() {
          if (state !== "open") return Promise.resolve();
          state = "done";
          active = undefined;
          try {
            sink.cancel();
          } catch (error) {
            log.log("warn", "ota", `cancel: ${messageOf(error)}`);
          }
          return Promise.resolve();
        },
      };
      active = writer;
      return Promise.resolve(writer);
    },
    readInactive(offset, length) {
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) return Promise.reject(new Error("bad OTA read range"));
      if (options.inMemory) {
        try {
          return Promise.resolve(memory.read(offset, length));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      const buffer = new ArrayBuffer(length);
      const rc = native.xsr_ota_read_next(buffer, 0, length, offset);
      if (rc !== 0) return Promise.reject(new Error(`reading the inactive OTA slot failed (esp_err ${rc})`));
      return Promise.resolve(fromArrayBuffer(buffer));
    },
    markValid() {
      const rc = native.xsr_ota_mark_valid();
      return rc === 0 ? Promise.resolve() : Promise.reject(new Error(`marking the running image valid failed (esp_err ${rc})`));
    },
    rollback() {
      const rc = native.xsr_ota_rollback();
      return Promise.reject(new Error(`rollback failed (esp_err ${rc}): no previous valid image`));
    },
  };
}

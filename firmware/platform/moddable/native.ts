import FFI from "mc/ffi";

/**
 * C hooks bound through the manifest's `ffi` section: `native/esp32/xsr-native.c` on the board
 * (ESP-IDF calls the SDK does not expose) and `native/lin/xsr-native.c` in the simulator.
 */
export interface NativeHooks {
  /** esp_restart() / process exit. */
  xsr_restart(): void;
  /** esp_reset_reason() value (esp_reset_reason_t). */
  xsr_reset_reason(): number;
  /** esp_ota_mark_app_valid_cancel_rollback(); 0 = ESP_OK. */
  xsr_ota_mark_valid(): number;
  /** esp_ota_mark_app_invalid_rollback_and_reboot(); returns only on failure. */
  xsr_ota_rollback(): number;
  /** OTA slot index (0/1) of the running app; -1 for a factory app. */
  xsr_ota_running_slot(): number;
  /** 1 while the running app is ESP_OTA_IMG_PENDING_VERIFY. */
  xsr_ota_pending_verify(): number;
  /** 1 when a previous image was marked invalid (a rollback happened). */
  xsr_ota_rolled_back(): number;
  /** Reads the next update partition into `buffer[offset .. offset+length)` from `partitionOffset`; 0 = ESP_OK. */
  xsr_ota_read_next(buffer: ArrayBuffer, offset: number, length: number, partitionOffset: number): number;
  /** Size of the next update partition in bytes (0 when there is none). */
  xsr_ota_next_size(): number;
  /** Total size of the default-capability heap (heap_caps_get_total_size). */
  xsr_total_heap(): number;
  xsr_free_heap(): number;
  xsr_min_free_heap(): number;
  /** Writes the 6-byte base MAC into `buffer[offset ..]`; 0 = ESP_OK. */
  xsr_base_mac(buffer: ArrayBuffer, offset: number, length: number): number;
}

/** The bound hooks (the generated FFI object has exactly these functions). */
export function nativeHooks(): NativeHooks {
  return new FFI() as unknown as NativeHooks;
}

/** Name of an application slot (ESP32 `ota_0` / `ota_1`). */
export type OtaSlot = "a" | "b";

/** What the boot loader did and what it will do. */
export interface OtaBootState {
  /** The slot running now. */
  running: OtaSlot;
  /** True while the running image is on trial: not yet marked valid since the switch. */
  pendingValidation: boolean;
  /** True when this boot happened because a trial image was rolled back. */
  rolledBack: boolean;
}

/** Receives a new image into the inactive slot. */
export interface OtaWriter {
  /** Append bytes at the current end. */
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes written so far (a resumed writer starts at the size already stored). */
  readonly written: number;
  /** Finish the image and make it the next boot image, on trial. */
  complete(): Promise<void>;
  /** Discard what was written. */
  abort(): Promise<void>;
}

/**
 * Two-slot firmware update with rollback. Moddable: `ota` / `embedded:update` plus a native hook
 * for `esp_ota_mark_app_valid_cancel_rollback`; host: two slot files and a boot record.
 */
export interface OtaPort {
  boot(): OtaBootState;
  /**
   * Open the inactive slot for an image of `size` bytes. With `resume`, keep the bytes already
   * written by an interrupted writer of the same size (when the adapter can), so a download can
   * continue with an HTTP Range request.
   */
  begin(size: number, options?: { resume?: boolean }): Promise<OtaWriter>;
  /** Read back `length` bytes of the inactive slot from `offset` (verification before activation). */
  readInactive(offset: number, length: number): Promise<Uint8Array>;
  /** Keep the running image: cancels the pending rollback. */
  markValid(): Promise<void>;
  /** Give up the trial image now and reboot into the previous one. */
  rollback(): Promise<void>;
}

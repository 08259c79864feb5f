// ESP32 OTA writer of the Moddable SDK (build/devices/esp32/modules/ota); no SDK typings.
declare module "ota" {
  export default class OTA {
    /** Opens the next update partition (esp_ota_get_next_update_partition) and begins a sequential write. */
    constructor(options?: { byteLength?: number });
    /** Appends bytes to the image. */
    write(data: ArrayBuffer | ArrayBufferView): void;
    /** Abandons the update. */
    cancel(): void;
    /** Ends the write and selects the new partition for the next boot (the app restarts itself). */
    complete(): void;
  }
}

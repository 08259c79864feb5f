/**
 * Stand-in for the ESP32-only `ota` module on the simulator, so the adapter links; the OTA
 * adapter keeps images in memory there and never constructs this class.
 */
export default class OTA {
  constructor() {
    throw new Error("ota: no OTA partitions on this platform");
  }
  write(_data: ArrayBuffer | ArrayBufferView): void {}
  cancel(): void {}
  complete(): void {}
}

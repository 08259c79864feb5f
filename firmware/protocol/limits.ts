/**
 * Limits of Moddable's `preference` module on ESP32 (NVS), `documentation/files/files.md#preference`.
 * Every adapter and fake enforces them, so the simulator fails where the board would.
 */
export const KV_LIMITS = Object.freeze({
  /** Longest namespace or key name, in characters (NVS_KEY_NAME_MAX_SIZE - 1). */
  maxNameLength: 15,
  /** Largest string or byte value, in bytes. */
  maxValueBytes: 4000,
  /** Integers are stored as int32 by the Moddable adapter. */
  minInt: -2147483648,
  maxInt: 2147483647,
});

/** MQTT limits of the device build [spec 3.1]. */
export const MQTT_LIMITS = Object.freeze({
  /** Subscriptions the RainMaker glue keeps (esp-rainmaker-common Kconfig). */
  maxSubscriptions: 10,
  /** TCP sockets lwIP gives Moddable on ESP32 (CONFIG_LWIP_MAX_ACTIVE_TCP). */
  maxTcpSockets: 8,
});

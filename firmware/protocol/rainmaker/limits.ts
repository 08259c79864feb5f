/** Size limits of the RainMaker codecs. Each is a choice; the comment gives the figure it is taken from. */
export const RAINMAKER_LIMITS = Object.freeze({
  /**
   * Node config budget in bytes. The SDK sizes the config buffer dynamically (`RM:
   * esp_rmaker_node_config.c`), so the limit is the device's: the default XS chunk heap is 32 KiB
   * and the lwIP TCP send buffer 8192 bytes on Moddable's ESP32 build (spec/moddable.md section 5);
   * 8192 keeps the string plus its UTF-8 copy under half the chunk heap and in one send buffer.
   */
  nodeConfigBytes: 8192,
  /**
   * Largest params message accepted, in UTF-8 bytes: the upper end of the SDK's params buffer
   * (`CONFIG_ESP_RMAKER_MAX_PARAM_DATA_SIZE`, default 1024, range 64..8192, `RM: Kconfig.projbuild`).
   */
  paramsBytes: 8192,
  /** Default params report buffer of the SDK (same Kconfig option); reports above it are flagged. */
  paramsReportBytes: 1024,
  /**
   * Longest string param value, in UTF-8 bytes: persisted params must fit one Preference value
   * (KV_LIMITS.maxValueBytes, 4000, Moddable `preference` on NVS).
   */
  stringBytes: 4000,
  /** Nesting allowed inside an object/array param value (1 = flat object or array). */
  valueDepth: 8,
  /** Shortest delta report the SDK publishes: `{"D":{"P":1}}` is 13 bytes [spec 2.1]. */
  minReportLength: 13,
  /** Alert text limit, `ESP_RMAKER_MAX_ALERT_LEN` [spec 2.3]. */
  alertChars: 100,
  /** `<device>.<param>` name limit in time-series records [spec 2.4]. */
  tsNameChars: 65,
  /** OTA job id limit, persisted in NVS [spec 7]. */
  otaJobIdChars: 63,
  /** Claim `auth_id` / `challenge` limits of the self-claim response [spec 4.3]. */
  claimAuthIdChars: 63,
  claimChallengeChars: 129,
});

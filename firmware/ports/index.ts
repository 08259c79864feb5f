import type { BleGattPort } from "./ble";
import type { ClockPort } from "./clock";
import type { CryptoPort } from "./crypto";
import type { HttpClientPort } from "./http-client";
import type { HttpServerPort } from "./http-server";
import type { IoPort } from "./io";
import type { KvPort } from "./kv";
import type { LogPort } from "./log";
import type { MqttPort } from "./mqtt";
import type { OtaPort } from "./ota";
import type { SystemPort } from "./system";
import type { WifiPort } from "./wifi";

export type * from "./ble";
export type * from "./clock";
export type * from "./crypto";
export type * from "./http-client";
export type * from "./http-server";
export type * from "./io";
export type * from "./kv";
export type * from "./log";
export type * from "./mqtt";
export type * from "./ota";
export type * from "./system";
export type * from "./wifi";

/** Everything the device agent needs from a runtime, built once at the composition root. */
export interface Platform {
  clock: ClockPort;
  kv: KvPort;
  log: LogPort;
  crypto: CryptoPort;
  system: SystemPort;
  wifi: WifiPort;
  mqtt: MqttPort;
  httpClient: HttpClientPort;
  httpServer: HttpServerPort;
  ota: OtaPort;
  io: IoPort;
  /** Absent where BLE does not exist (host simulator). */
  ble?: BleGattPort;
}

import { bytes, defineEnum, defineMessage, enumField, int32, string, uint32 } from "../schema";

// [spec 6.3 wifi_constants.proto]
export const WifiStationState = defineEnum("WifiStationState", {
  Connected: 0,
  Connecting: 1,
  Disconnected: 2,
  ConnectionFailed: 3,
});
export const WifiConnectFailedReason = defineEnum("WifiConnectFailedReason", { AuthError: 0, NetworkNotFound: 1 });
export const WifiAuthMode = defineEnum("WifiAuthMode", {
  Open: 0,
  WEP: 1,
  WPA_PSK: 2,
  WPA2_PSK: 3,
  WPA_WPA2_PSK: 4,
  WPA2_ENTERPRISE: 5,
  WPA3_PSK: 6,
  WPA2_WPA3_PSK: 7,
});
export const WifiConnectedState = defineMessage("WifiConnectedState", {
  ip4_addr: string(1),
  auth_mode: enumField(2, WifiAuthMode),
  ssid: bytes(3),
  bssid: bytes(4),
  channel: int32(5),
});
export const WifiAttemptFailed = defineMessage("WifiAttemptFailed", { attempts_remaining: uint32(1) });

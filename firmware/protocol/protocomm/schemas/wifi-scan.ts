import { bool, bytes, defineEnum, defineMessage, enumField, int32, messageField, oneof, repeated, uint32 } from "../schema";
import { Status } from "./constants";
import { WifiAuthMode } from "./wifi-constants";

// [spec 6.3 wifi_scan.proto] endpoint prov-scan.
export const CmdScanStart = defineMessage("CmdScanStart", {
  blocking: bool(1),
  passive: bool(2),
  group_channels: uint32(3),
  period_ms: uint32(4),
});
export const RespScanStart = defineMessage("RespScanStart", {});
export const CmdScanStatus = defineMessage("CmdScanStatus", {});
export const RespScanStatus = defineMessage("RespScanStatus", { scan_finished: bool(1), result_count: uint32(2) });
export const CmdScanResult = defineMessage("CmdScanResult", { start_index: uint32(1), count: uint32(2) });
export const WiFiScanResult = defineMessage("WiFiScanResult", {
  ssid: bytes(1),
  channel: uint32(2),
  rssi: int32(3),
  bssid: bytes(4),
  auth: enumField(5, WifiAuthMode),
});
export const RespScanResult = defineMessage("RespScanResult", { entries: repeated(messageField(1, WiFiScanResult)) });
export const WiFiScanMsgType = defineEnum("WiFiScanMsgType", {
  TypeCmdScanStart: 0,
  TypeRespScanStart: 1,
  TypeCmdScanStatus: 2,
  TypeRespScanStatus: 3,
  TypeCmdScanResult: 4,
  TypeRespScanResult: 5,
});
export const WiFiScanPayload = defineMessage("WiFiScanPayload", {
  msg: enumField(1, WiFiScanMsgType),
  status: enumField(2, Status),
  cmd_scan_start: oneof("payload", messageField(10, CmdScanStart)),
  resp_scan_start: oneof("payload", messageField(11, RespScanStart)),
  cmd_scan_status: oneof("payload", messageField(12, CmdScanStatus)),
  resp_scan_status: oneof("payload", messageField(13, RespScanStatus)),
  cmd_scan_result: oneof("payload", messageField(14, CmdScanResult)),
  resp_scan_result: oneof("payload", messageField(15, RespScanResult)),
});

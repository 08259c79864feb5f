import { bytes, defineEnum, defineMessage, enumField, int32, messageField, oneof } from "../schema";
import { Status } from "./constants";
import { WifiAttemptFailed, WifiConnectedState, WifiConnectFailedReason, WifiStationState } from "./wifi-constants";

// [spec 6.3 wifi_config.proto] endpoint prov-config.
export const CmdGetStatus = defineMessage("CmdGetStatus", {});
export const RespGetStatus = defineMessage("RespGetStatus", {
  status: enumField(1, Status),
  sta_state: enumField(2, WifiStationState),
  fail_reason: oneof("state", enumField(10, WifiConnectFailedReason)),
  connected: oneof("state", messageField(11, WifiConnectedState)),
  attempt_failed: oneof("state", messageField(12, WifiAttemptFailed)),
});
export const CmdSetConfig = defineMessage("CmdSetConfig", {
  ssid: bytes(1),
  passphrase: bytes(2),
  bssid: bytes(3),
  channel: int32(4),
});
export const RespSetConfig = defineMessage("RespSetConfig", { status: enumField(1, Status) });
export const CmdApplyConfig = defineMessage("CmdApplyConfig", {});
export const RespApplyConfig = defineMessage("RespApplyConfig", { status: enumField(1, Status) });
export const WiFiConfigMsgType = defineEnum("WiFiConfigMsgType", {
  TypeCmdGetStatus: 0,
  TypeRespGetStatus: 1,
  TypeCmdSetConfig: 2,
  TypeRespSetConfig: 3,
  TypeCmdApplyConfig: 4,
  TypeRespApplyConfig: 5,
});
export const WiFiConfigPayload = defineMessage("WiFiConfigPayload", {
  msg: enumField(1, WiFiConfigMsgType),
  cmd_get_status: oneof("payload", messageField(10, CmdGetStatus)),
  resp_get_status: oneof("payload", messageField(11, RespGetStatus)),
  cmd_set_config: oneof("payload", messageField(12, CmdSetConfig)),
  resp_set_config: oneof("payload", messageField(13, RespSetConfig)),
  cmd_apply_config: oneof("payload", messageField(14, CmdApplyConfig)),
  resp_apply_config: oneof("payload", messageField(15, RespApplyConfig)),
});

import { defineEnum, defineMessage, enumField, messageField, oneof } from "../schema";
import { Status } from "./constants";

// [spec 6.3 wifi_ctrl.proto] endpoint prov-ctrl; the oneof starts at 11.
export const CmdCtrlReset = defineMessage("CmdCtrlReset", {});
export const RespCtrlReset = defineMessage("RespCtrlReset", {});
export const CmdCtrlReprov = defineMessage("CmdCtrlReprov", {});
export const RespCtrlReprov = defineMessage("RespCtrlReprov", {});
export const WiFiCtrlMsgType = defineEnum("WiFiCtrlMsgType", {
  TypeCtrlReserved: 0,
  TypeCmdCtrlReset: 1,
  TypeRespCtrlReset: 2,
  TypeCmdCtrlReprov: 3,
  TypeRespCtrlReprov: 4,
});
export const WiFiCtrlPayload = defineMessage("WiFiCtrlPayload", {
  msg: enumField(1, WiFiCtrlMsgType),
  status: enumField(2, Status),
  cmd_ctrl_reset: oneof("payload", messageField(11, CmdCtrlReset)),
  resp_ctrl_reset: oneof("payload", messageField(12, RespCtrlReset)),
  cmd_ctrl_reprov: oneof("payload", messageField(13, CmdCtrlReprov)),
  resp_ctrl_reprov: oneof("payload", messageField(14, RespCtrlReprov)),
});

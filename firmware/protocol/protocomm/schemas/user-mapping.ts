import { defineEnum, defineMessage, enumField, messageField, oneof, string } from "../schema";

// [spec 5.1 esp_rmaker_user_mapping.proto, package rainmaker] endpoint cloud_user_assoc.
export const RMakerConfigStatus = defineEnum("RMakerConfigStatus", { Success: 0, InvalidParam: 1, InvalidState: 2 });
export const CmdSetUserMapping = defineMessage("CmdSetUserMapping", { UserID: string(1), SecretKey: string(2) });
export const RespSetUserMapping = defineMessage("RespSetUserMapping", {
  Status: enumField(1, RMakerConfigStatus),
  NodeId: string(2),
});
export const RMakerConfigMsgType = defineEnum("RMakerConfigMsgType", {
  TypeCmdSetUserMapping: 0,
  TypeRespSetUserMapping: 1,
});
export const RMakerConfigPayload = defineMessage("RMakerConfigPayload", {
  msg: enumField(1, RMakerConfigMsgType),
  cmd_set_user_mapping: oneof("payload", messageField(10, CmdSetUserMapping)),
  resp_set_user_mapping: oneof("payload", messageField(11, RespSetUserMapping)),
});

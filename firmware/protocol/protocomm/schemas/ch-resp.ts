import { bytes, defineEnum, defineMessage, enumField, messageField, oneof, string } from "../schema";

// [spec 5.2 esp_rmaker_chal_resp.proto, package rmaker_ch_resp] endpoint ch_resp.
export const RMakerChRespStatus = defineEnum("RMakerChRespStatus", { Success: 0, Fail: 1, InvalidParam: 2, Disabled: 3 });
export const CmdCRPayload = defineMessage("CmdCRPayload", { payload: bytes(1) });
export const RespCRPayload = defineMessage("RespCRPayload", { payload: bytes(1), node_id: string(2) });
export const CmdGetNodeIDPayload = defineMessage("CmdGetNodeIDPayload", {});
export const RespGetNodeIDPayload = defineMessage("RespGetNodeIDPayload", { node_id: string(1) });
export const CmdDisableChalRespPayload = defineMessage("CmdDisableChalRespPayload", {});
export const RespDisableChalRespPayload = defineMessage("RespDisableChalRespPayload", {});
export const RMakerChRespMsgType = defineEnum("RMakerChRespMsgType", {
  TypeCmdChallengeResponse: 0,
  TypeRespChallengeResponse: 1,
  TypeCmdGetNodeID: 2,
  TypeRespGetNodeID: 3,
  TypeCmdDisableChalResp: 4,
  TypeRespDisableChalResp: 5,
});
export const RMakerChRespPayload = defineMessage("RMakerChRespPayload", {
  msg: enumField(1, RMakerChRespMsgType),
  status: enumField(2, RMakerChRespStatus),
  cmdChallengeResponsePayload: oneof("payload", messageField(10, CmdCRPayload)),
  respChallengeResponsePayload: oneof("payload", messageField(11, RespCRPayload)),
  cmdGetNodeIDPayload: oneof("payload", messageField(12, CmdGetNodeIDPayload)),
  respGetNodeIDPayload: oneof("payload", messageField(13, RespGetNodeIDPayload)),
  cmdDisableChalRespPayload: oneof("payload", messageField(14, CmdDisableChalRespPayload)),
  respDisableChalRespPayload: oneof("payload", messageField(15, RespDisableChalRespPayload)),
});

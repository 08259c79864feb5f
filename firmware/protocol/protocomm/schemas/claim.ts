import { bytes, defineEnum, defineMessage, enumField, messageField, oneof, uint32 } from "../schema";

// [spec 4.4 esp_rmaker_claim.proto, package rmaker_claim] endpoint rmaker_claim.
export const RMakerClaimStatus = defineEnum("RMakerClaimStatus", {
  Success: 0,
  Fail: 1,
  InvalidParam: 2,
  InvalidState: 3,
  NoMemory: 4,
});
export const PayloadBuf = defineMessage("PayloadBuf", { Offset: uint32(1), Payload: bytes(2), TotalLen: uint32(3) });
export const RespPayload = defineMessage("RespPayload", {
  Status: enumField(1, RMakerClaimStatus),
  Buf: messageField(2, PayloadBuf),
});
export const RMakerClaimMsgType = defineEnum("RMakerClaimMsgType", {
  TypeCmdClaimStart: 0,
  TypeRespClaimStart: 1,
  TypeCmdClaimInit: 2,
  TypeRespClaimInit: 3,
  TypeCmdClaimVerify: 4,
  TypeRespClaimVerify: 5,
  TypeCmdClaimAbort: 6,
  TypeRespClaimAbort: 7,
});
export const RMakerClaimPayload = defineMessage("RMakerClaimPayload", {
  msg: enumField(1, RMakerClaimMsgType),
  cmdPayload: oneof("payload", messageField(10, PayloadBuf)),
  respPayload: oneof("payload", messageField(11, RespPayload)),
});

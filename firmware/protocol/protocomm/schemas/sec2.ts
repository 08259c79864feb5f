import { bytes, defineEnum, defineMessage, enumField, messageField, oneof } from "../schema";
import { Status } from "./constants";

// [spec 6.3 sec2.proto]
export const Sec2MsgType = defineEnum("Sec2MsgType", {
  S2Session_Command0: 0,
  S2Session_Response0: 1,
  S2Session_Command1: 2,
  S2Session_Response1: 3,
});
export const S2SessionCmd0 = defineMessage("S2SessionCmd0", { client_username: bytes(1), client_pubkey: bytes(2) });
export const S2SessionResp0 = defineMessage("S2SessionResp0", {
  status: enumField(1, Status),
  device_pubkey: bytes(2),
  device_salt: bytes(3),
});
export const S2SessionCmd1 = defineMessage("S2SessionCmd1", { client_proof: bytes(1) });
export const S2SessionResp1 = defineMessage("S2SessionResp1", {
  status: enumField(1, Status),
  device_proof: bytes(2),
  device_nonce: bytes(3),
});
export const Sec2Payload = defineMessage("Sec2Payload", {
  msg: enumField(1, Sec2MsgType),
  sc0: oneof("payload", messageField(20, S2SessionCmd0)),
  sr0: oneof("payload", messageField(21, S2SessionResp0)),
  sc1: oneof("payload", messageField(22, S2SessionCmd1)),
  sr1: oneof("payload", messageField(23, S2SessionResp1)),
});

import { bytes, defineEnum, defineMessage, enumField, messageField, oneof } from "../schema";
import { Status } from "./constants";

// [spec 6.3 sec1.proto] note the verify-data field numbers 2 and 3.
export const SessionCmd0 = defineMessage("SessionCmd0", { client_pubkey: bytes(1) });
export const SessionResp0 = defineMessage("SessionResp0", {
  status: enumField(1, Status),
  device_pubkey: bytes(2),
  device_random: bytes(3),
});
export const SessionCmd1 = defineMessage("SessionCmd1", { client_verify_data: bytes(2) });
export const SessionResp1 = defineMessage("SessionResp1", {
  status: enumField(1, Status),
  device_verify_data: bytes(3),
});
export const Sec1MsgType = defineEnum("Sec1MsgType", {
  Session_Command0: 0,
  Session_Response0: 1,
  Session_Command1: 2,
  Session_Response1: 3,
});
export const Sec1Payload = defineMessage("Sec1Payload", {
  msg: enumField(1, Sec1MsgType),
  sc0: oneof("payload", messageField(20, SessionCmd0)),
  sr0: oneof("payload", messageField(21, SessionResp0)),
  sc1: oneof("payload", messageField(22, SessionCmd1)),
  sr1: oneof("payload", messageField(23, SessionResp1)),
});

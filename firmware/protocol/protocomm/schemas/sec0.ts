import { defineEnum, defineMessage, enumField, messageField, oneof } from "../schema";
import { Status } from "./constants";

// [spec 6.3 sec0.proto]
export const S0SessionCmd = defineMessage("S0SessionCmd", {});
export const S0SessionResp = defineMessage("S0SessionResp", { status: enumField(1, Status) });
export const Sec0MsgType = defineEnum("Sec0MsgType", { S0_Session_Command: 0, S0_Session_Response: 1 });
export const Sec0Payload = defineMessage("Sec0Payload", {
  msg: enumField(1, Sec0MsgType),
  sc: oneof("payload", messageField(20, S0SessionCmd)),
  sr: oneof("payload", messageField(21, S0SessionResp)),
});

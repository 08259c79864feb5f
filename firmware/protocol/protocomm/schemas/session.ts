import { defineEnum, defineMessage, enumField, messageField, oneof } from "../schema";
import { Sec0Payload } from "./sec0";
import { Sec1Payload } from "./sec1";
import { Sec2Payload } from "./sec2";

// [spec 6.3 session.proto] sec_ver is field 2.
export const SecSchemeVersion = defineEnum("SecSchemeVersion", { SecScheme0: 0, SecScheme1: 1, SecScheme2: 2 });
export const SessionData = defineMessage("SessionData", {
  sec_ver: enumField(2, SecSchemeVersion),
  sec0: oneof("proto", messageField(10, Sec0Payload)),
  sec1: oneof("proto", messageField(11, Sec1Payload)),
  sec2: oneof("proto", messageField(12, Sec2Payload)),
});

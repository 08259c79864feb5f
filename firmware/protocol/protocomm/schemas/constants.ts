import { defineEnum } from "../schema";

/** [spec 6.3 constants.proto] Status of every protocomm reply. */
export const Status = defineEnum("Status", {
  Success: 0,
  InvalidSecScheme: 1,
  InvalidProto: 2,
  TooManySessions: 3,
  InvalidArgument: 4,
  InternalError: 5,
  CryptoError: 6,
  InvalidSession: 7,
});

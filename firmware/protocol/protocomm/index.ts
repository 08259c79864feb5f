export { decode, encode } from "./wire";
export { ProtoError, type ProtoErrorCode, type ProtoResult } from "./proto-error";
export * from "./schema";
export * as Schemas from "./schemas/index";
export type { EndpointHandler, ProtocommRequest, ProtocommResponse } from "./endpoint";
export { createProtocomm, MAX_BODY_LENGTH, ProtocommEndpoint, type Protocomm, type ProtocommOptions } from "./protocomm";
export { formatSessionCookie, parseSessionCookie, sessionIdFromRandom } from "./session-cookie";
export type {
  HandshakeResult,
  SecurityScheme,
  SecuritySession,
  SrpDeviceInput,
  SrpDeviceSession,
  SrpMath,
  X25519Math,
} from "./security/scheme";
export { createSec0 } from "./security/sec0";
export { createSec1, type Sec1Options } from "./security/sec1";
export { createSec2, type Sec2Options } from "./security/sec2";
export type { WifiCredentials, WifiProvisioningTarget, WifiScanEntry, WifiScanRequest, WifiStationReport } from "./handlers/wifi-target";
export { createProvConfigHandler } from "./handlers/prov-config";
export { createProvScanHandler } from "./handlers/prov-scan";
export { createProvCtrlHandler } from "./handlers/prov-ctrl";
export { createUserMappingHandler, type UserMappingHooks } from "./handlers/user-mapping";
export { createChallengeResponseHandler, type ChallengeResponseHooks } from "./handlers/challenge-response";
export { createCustomDataHandler } from "./handlers/custom-data";
export { decodeRequest } from "./handlers/decode-request";

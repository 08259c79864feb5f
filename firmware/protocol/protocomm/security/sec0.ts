import { encode } from "../wire";
import { SecSchemeVersion, Sec0MsgType, SessionData } from "../schemas/index";
import type { SecurityScheme, SecuritySession } from "./scheme";

/**
 * Security 0 [spec 6.4]: the `prov-session` reply is always S0_Session_Response/Success
 * (`52050801aa0100`, vectors README rule 3) and data endpoints are plaintext.
 */
export function createSec0(): SecurityScheme {
  const reply = encode(SessionData, {
    sec_ver: SecSchemeVersion.SecScheme0,
    sec0: { msg: Sec0MsgType.S0_Session_Response, sr: {} },
  });
  return Object.freeze({
    version: 0,
    newSession(): SecuritySession {
      return {
        established: true,
        handshake: () => ({ reply: reply.slice() }),
        decrypt: (data: Uint8Array) => data,
        encrypt: (data: Uint8Array) => data,
      };
    },
  });
}

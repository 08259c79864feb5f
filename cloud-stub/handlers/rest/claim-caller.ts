import type { RestRequest } from "./route";
import type { AppDeps } from "../../deps";
import { authenticate, extractToken } from "./authenticate";
import type { ClaimCaller } from "./claim-service";
import { CSR_MAX_PEM_CHARS } from "../../pki/csr";

/** JSON schema pieces shared by the claim routes. */
export const ClaimFields = Object.freeze({
  mac: Object.freeze({ type: "string", minLength: 1, maxLength: 32 }),
  platform: Object.freeze({ type: "string", maxLength: 64 }),
  authId: Object.freeze({ type: "string", minLength: 1, maxLength: 63 }),
  csr: Object.freeze({ type: "string", minLength: 1, maxLength: CSR_MAX_PEM_CHARS }),
  challengeResponse: Object.freeze({ type: "string", minLength: 1, maxLength: 256 }),
});

/** The caller, with the user resolved when an `Authorization` header is present (then it must be valid). */
export async function callerOf(req: RestRequest, deps: AppDeps): Promise<ClaimCaller> {
  const caller: ClaimCaller = { remoteAddress: req.remoteAddress ?? "unknown", secure: req.secure === true };
  if (extractToken(req.headers.authorization)) caller.userId = (await authenticate(req.headers.authorization, deps)).userId;
  return caller;
}

/**
 * `POST /claim/verify[?matter=False]`: self claim `{auth_id, challenge_response, csr}` [spec 4.3], or
 * with Authorization `{csr[, auth_id]}` for the user's open assisted claim [spec 4.4, 4.5].
 */
import type { RestRoute } from "./route";
import { ApiError } from "./route";
import type { ClaimService } from "./claim-service";
import { ClaimErrorCodes } from "./claim-errors";
import { ClaimFields, callerOf } from "./claim-caller";

export function verifyRoute(service: ClaimService): RestRoute {
  return {
    method: "POST",
    url: "/claim/verify",
    auth: "none",
    schema: {
      querystring: { type: "object", properties: { matter: { type: "string", maxLength: 8 } } },
      body: {
        type: "object",
        required: ["csr"],
        properties: {
          csr: ClaimFields.csr,
          auth_id: ClaimFields.authId,
          challenge_response: ClaimFields.challengeResponse,
          node_policies: { type: "string", maxLength: 64 },
          send_mqtt_host: { type: "boolean" },
        },
      },
    },
    async handle(req, deps) {
      if (req.query.matter !== undefined && req.query.matter.toLowerCase() !== "false") {
        throw new ApiError(400, ClaimErrorCodes.MatterUnsupported, "Matter claiming is not supported by the local cloud");
      }
      const body = req.body as { csr: string; auth_id?: string; challenge_response?: string };
      const caller = await callerOf(req, deps);
      if (caller.userId) return { body: await service.verifyAssisted(body, { ...caller, userId: caller.userId }) };
      if (!body.auth_id || !body.challenge_response) {
        throw new ApiError(400, ClaimErrorCodes.WrongClaimMode, "Self claim needs auth_id and challenge_response (or log in for assisted claim)");
      }
      return { body: await service.verifySelf({ ...body, auth_id: body.auth_id, challenge_response: body.challenge_response }, caller) };
    },
  };
}

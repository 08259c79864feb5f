/**
 * `POST /claim/server-key` (stub extension): an RSA-2048 key pair made by the cloud plus its node
 * certificate, for devices whose TLS cannot use a device-made key. HTTPS only; user token
 * `{mac_addr}` or self-claim proof `{auth_id, challenge_response}`.
 */
import type { RestRoute } from "./route";
import type { ClaimService } from "./claim-service";
import { ClaimFields, callerOf } from "./claim-caller";

export function serverKeyRoute(service: ClaimService): RestRoute {
  return {
    method: "POST",
    url: "/claim/server-key",
    auth: "none",
    schema: {
      body: {
        type: "object",
        properties: {
          mac_addr: ClaimFields.mac,
          platform: ClaimFields.platform,
          auth_id: ClaimFields.authId,
          challenge_response: ClaimFields.challengeResponse,
        },
      },
    },
    async handle(req, deps) {
      const body = (req.body ?? {}) as { mac_addr?: string; auth_id?: string; challenge_response?: string };
      return { body: await service.serverKey(body, await callerOf(req, deps)) };
    },
  };
}

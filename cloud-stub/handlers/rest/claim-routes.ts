/**
 * REST routes of the claim service, added to the app with `createCloudApp({ extraRoutes })`.
 * Mounted at the root like the claim base URL: `POST /claim/initiate`, `POST /claim/verify`,
 * `POST /claim/server-key` [spec 4.3-4.5].
 */
import type { RestRequest, RestRoute } from "./route";
import { ApiError } from "./route";
import type { AppDeps } from "../../deps";
import { authenticate, extractToken } from "./authenticate";
import type { ClaimCaller, ClaimService } from "./claim-service";
import { ClaimErrorCodes } from "./claim-errors";
import { CSR_MAX_PEM_CHARS } from "../../pki/csr";

const Mac = { type: "string", minLength: 1, maxLength: 32 } as const;
const AuthId = { type: "string", minLength: 1, maxLength: 63 } as const;
const Csr = { type: "string", minLength: 1, maxLength: CSR_MAX_PEM_CHARS } as const;
const ChallengeResponse = { type: "string", minLength: 1, maxLength: 256 } as const;

/** The caller, with the user resolved when an `Authorization` header is present (then it must be valid). */
async function callerOf(req: RestRequest, deps: AppDeps): Promise<ClaimCaller> {
  const caller: ClaimCaller = { remoteAddress: req.remoteAddress ?? "unknown", secure: req.secure === true };
  if (extractToken(req.headers.authorization)) caller.userId = (await authenticate(req.headers.authorization, deps)).userId;
  return caller;
}

function initiateRoute(service: ClaimService): RestRoute {
  return {
    method: "POST",
    url: "/claim/initiate",
    auth: "none",
    schema: {
      body: {
        type: "object",
        required: ["mac_addr", "platform"],
        properties: { mac_addr: Mac, platform: { type: "string", maxLength: 64 } },
      },
    },
    async handle(req, deps) {
      const body = req.body as { mac_addr: string; platform: string };
      return { body: service.initiate(body, await callerOf(req, deps)) };
    },
  };
}

function verifyRoute(service: ClaimService): RestRoute {
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
          csr: Csr,
          auth_id: AuthId,
          challenge_response: ChallengeResponse,
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

function serverKeyRoute(service: ClaimService): RestRoute {
  return {
    method: "POST",
    url: "/claim/server-key",
    auth: "none",
    schema: {
      body: {
        type: "object",
        properties: { mac_addr: Mac, platform: { type: "string", maxLength: 64 }, auth_id: AuthId, challenge_response: ChallengeResponse },
      },
    },
    async handle(req, deps) {
      const body = (req.body ?? {}) as { mac_addr?: string; auth_id?: string; challenge_response?: string };
      return { body: await service.serverKey(body, await callerOf(req, deps)) };
    },
  };
}

export function claimRoutes(service: ClaimService): RestRoute[] {
  return [initiateRoute(service), verifyRoute(service), serverKeyRoute(service)];
}

/** `POST /claim/initiate` `{mac_addr, platform}` [spec 4.3 self claim; 4.4/4.5 with Authorization]. */
import type { RestRoute } from "./route";
import type { ClaimService } from "./claim-service";
import { ClaimFields, callerOf } from "./claim-caller";

export function initiateRoute(service: ClaimService): RestRoute {
  return {
    method: "POST",
    url: "/claim/initiate",
    auth: "none",
    schema: {
      body: {
        type: "object",
        required: ["mac_addr", "platform"],
        properties: { mac_addr: ClaimFields.mac, platform: ClaimFields.platform },
      },
    },
    async handle(req, deps) {
      const body = req.body as { mac_addr: string; platform: string };
      return { body: service.initiate(body, await callerOf(req, deps)) };
    },
  };
}

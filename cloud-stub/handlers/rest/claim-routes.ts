/**
 * REST routes of the claim service, added to the app with `createCloudApp({ extraRoutes })`.
 * Mounted at the root like the claim base URL: `POST /claim/initiate`, `POST /claim/verify`,
 * `POST /claim/server-key` [spec 4.3-4.5].
 */
import type { RestRoute } from "./route";
import type { ClaimService } from "./claim-service";
import { initiateRoute } from "./claim-initiate";
import { verifyRoute } from "./claim-verify";
import { serverKeyRoute } from "./claim-server-key";

export function claimRoutes(service: ClaimService): RestRoute[] {
  return [initiateRoute(service), verifyRoute(service), serverKeyRoute(service)];
}

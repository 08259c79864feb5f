/** `POST /v1/logout2?logout_all=false|true`: ends this session (or all of the user's) [cloud-rest-api 1]. */
import type { RestRoute } from "./route";
import { callerId } from "./node-access";

export const LogoutRoute: RestRoute = {
  method: "POST",
  url: "/v1/logout2",
  auth: "user",
  schema: { querystring: { type: "object", properties: { logout_all: { type: "string", enum: ["true", "false"] } } } },
  async handle(req, deps) {
    const userId = callerId(req.userId);
    if (req.query.logout_all === "true") deps.store.deleteUserSessions(userId);
    else deps.store.deleteSession((await deps.tokens.verifyAccess(req.accessToken!)).sid);
    return { body: { status: "success", description: "Logged out successfully" } };
  },
};

/** `GET /v1/user`: the caller's details [cloud-rest-api 1]. */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";

export const UserRoute: RestRoute = {
  method: "GET",
  url: "/v1/user",
  auth: "user",
  schema: { querystring: { type: "object" } },
  handle(req, deps) {
    const user = deps.store.getUserById(callerId(req.userId));
    if (!user) throw new ApiError(404, ErrorCodes.UserNotFound, "User not found");
    return {
      body: { user_id: user.userId, user_name: user.userName, super_admin: false, picture_url: "", name: user.name, mfa: false },
    };
  },
};

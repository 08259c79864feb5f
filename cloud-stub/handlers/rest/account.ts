/**
 * `PUT /v1/forgotpassword2` and `DELETE /v1/user2` [cloud-rest-api 1]. Both are two-step in RainMaker
 * (request a code, then send it). The local cloud sends no e-mail: step one answers success and ANY
 * non-empty verification code completes step two (documented local-use simplification).
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";
import { hashPassword } from "../../auth/password";

interface ForgotBody {
  user_name: string;
  password: string | null;
  verification_code: string | null;
}

export const ForgotPasswordRoute: RestRoute = {
  method: "PUT",
  url: "/v1/forgotpassword2",
  auth: "none",
  schema: {
    body: {
      type: "object",
      required: ["user_name"],
      properties: {
        user_name: { type: "string", minLength: 1, maxLength: 256 },
        password: { anyOf: [{ type: "string", minLength: 8, maxLength: 1024 }, { type: "null" }] },
        verification_code: { anyOf: [{ type: "string", minLength: 1, maxLength: 64 }, { type: "null" }] },
      },
    },
  },
  async handle(req, deps) {
    const body = req.body as ForgotBody;
    const user = deps.store.getUserByName(body.user_name);
    if (!user) throw new ApiError(404, ErrorCodes.UserNotFound, "User not found");
    if (!body.password || !body.verification_code) {
      deps.log.info("password reset requested; any verification code is accepted locally", { userName: body.user_name });
      return { body: { status: "success", description: "Verification code sent (local cloud: any code is accepted)" } };
    }
    deps.store.setUserPassword(user.userId, await hashPassword(body.password));
    deps.store.deleteUserSessions(user.userId);
    return { body: { status: "success", description: "Password changed" } };
  },
};

export const DeleteUserRoute: RestRoute = {
  method: "DELETE",
  url: "/v1/user2",
  auth: "user",
  schema: {
    querystring: {
      type: "object",
      properties: { request: { type: "string", enum: ["true"] }, verification_code: { type: "string", minLength: 1, maxLength: 64 } },
      anyOf: [{ required: ["request"] }, { required: ["verification_code"] }],
    },
  },
  handle(req, deps) {
    const userId = callerId(req.userId);
    if (req.query.verification_code === undefined) {
      return { body: { status: "success", description: "Verification code sent (local cloud: any code is accepted)" } };
    }
    deps.store.deleteUser(userId);
    deps.log.info("user deleted", { userId });
    return { body: { status: "success", description: "User deleted" } };
  },
};

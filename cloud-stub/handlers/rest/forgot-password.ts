/**
 * `PUT /v1/forgotpassword2` [cloud-rest-api 1]: `{"user_name","password":null,"verification_code":null}`
 * asks for a code, then the same with values sets the password. The local cloud sends no e-mail: ANY
 * non-empty code is accepted (documented local-use simplification). Old sessions end.
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
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

/**
 * `POST /v1/user2`: sign up `{"user_name","password"}`, then confirm `{"user_name","verification_code"}`
 * [cloud-rest-api 1]. The local cloud sends no e-mail: ANY non-empty verification code confirms the
 * user (documented local-use simplification). Unconfirmed users cannot log in.
 */
import { randomUUID } from "node:crypto";
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { hashPassword } from "../../auth/password";

interface SignupBody {
  user_name: string;
  password?: string;
  verification_code?: string;
}

export const SignupRoute: RestRoute = {
  method: "POST",
  url: "/v1/user2",
  auth: "none",
  schema: {
    body: {
      type: "object",
      required: ["user_name"],
      properties: {
        user_name: { type: "string", minLength: 3, maxLength: 256 },
        password: { type: "string", minLength: 8, maxLength: 1024 },
        verification_code: { type: "string", minLength: 1, maxLength: 64 },
      },
      oneOf: [{ required: ["password"] }, { required: ["verification_code"] }],
    },
  },
  async handle(req, deps) {
    const body = req.body as SignupBody;
    const existing = deps.store.getUserByName(body.user_name);
    if (body.verification_code !== undefined) {
      if (!existing) throw new ApiError(404, ErrorCodes.UserNotFound, "User not found");
      deps.store.setUserConfirmed(existing.userId, true);
      return { body: { status: "success", description: "User confirmed" } };
    }
    if (existing) throw new ApiError(409, ErrorCodes.UserExists, "User already exists");
    deps.store.createUser({
      userId: randomUUID(),
      userName: body.user_name,
      passwordHash: await hashPassword(body.password!),
      name: body.user_name,
      confirmed: false,
      createdAt: deps.clock.now(),
    });
    deps.log.info("user signed up; confirm with any verification code", { userName: body.user_name });
    return { status: 201, body: { status: "success", description: "Sign up successful, confirm with a verification code" } };
  },
};

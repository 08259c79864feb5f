/**
 * `POST /v1/login2`: password login, or refresh with `{"refreshtoken"}` [cloud-rest-api 1; spec 8].
 * The OTP (`session`/`verification_code`) step is not offered: password login answers tokens directly.
 */
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { verifyPassword } from "../../auth/password";
import { hashRefreshToken, newRefreshToken } from "../../auth/tokens";
import type { AppDeps } from "../../deps";

interface LoginBody {
  user_name?: string;
  password?: string;
  refreshtoken?: string;
}

export const LoginRoute: RestRoute = {
  method: "POST",
  url: "/v1/login2",
  auth: "none",
  schema: {
    body: {
      type: "object",
      properties: {
        user_name: { type: "string", minLength: 1, maxLength: 256 },
        password: { type: "string", maxLength: 1024 },
        refreshtoken: { type: "string", minLength: 1, maxLength: 4096 },
      },
      oneOf: [{ required: ["user_name", "password"] }, { required: ["refreshtoken"] }],
    },
  },
  async handle(req, deps) {
    const body = req.body as LoginBody;
    if (body.refreshtoken !== undefined && body.user_name === undefined) return { body: await refresh(body.refreshtoken, deps) };
    return { body: await login(body.user_name!, body.password!, deps) };
  },
};

/** Checked for unknown users too, so both failures take the same time. */
const UnknownUserHash = "scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

async function login(userName: string, password: string, deps: AppDeps): Promise<object> {
  const user = deps.store.getUserByName(userName);
  const matches = await verifyPassword(password, user?.passwordHash ?? UnknownUserHash);
  if (!user || !matches) {
    throw new ApiError(401, ErrorCodes.BadCredentials, "Incorrect user name or password");
  }
  if (!user.confirmed) throw new ApiError(401, ErrorCodes.UserNotConfirmed, "User is not confirmed");
  const refreshtoken = newRefreshToken();
  const sid = hashRefreshToken(refreshtoken);
  const now = deps.clock.now();
  deps.store.putSession({ refreshTokenHash: sid, userId: user.userId, createdAt: now, expiresAt: now + deps.config.refreshTokenTtlS * 1000 });
  const tokens = await deps.tokens.issue(user, sid);
  deps.log.info("user logged in", { userId: user.userId });
  return { status: "success", description: "Login successful", ...tokens, refreshtoken };
}

async function refresh(refreshToken: string, deps: AppDeps): Promise<object> {
  const sid = hashRefreshToken(refreshToken);
  const session = deps.store.getSession(sid);
  const user = session ? deps.store.getUserById(session.userId) : null;
  if (!session || !user || session.expiresAt <= deps.clock.now()) {
    if (session) deps.store.deleteSession(sid);
    throw new ApiError(401, ErrorCodes.SessionExpired, "Refresh token is invalid or expired");
  }
  const tokens = await deps.tokens.issue(user, sid);
  return { status: "success", description: "Login successful", ...tokens };
}

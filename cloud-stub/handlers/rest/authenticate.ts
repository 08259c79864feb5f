/** Resolves the caller of a "user" route from `Authorization` (raw token, or `Bearer <token>`) [cloud-rest-api 0]. */
import { ApiError } from "./route";
import { ErrorCodes } from "./error-codes";
import { TokenError } from "../../auth/tokens";
import type { AppDeps } from "../../deps";

export function extractToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const trimmed = value.trim();
  const token = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, "") : trimmed;
  return token.length > 0 ? token : null;
}

export async function authenticate(
  header: string | string[] | undefined,
  deps: AppDeps,
): Promise<{ userId: string; accessToken: string }> {
  const token = extractToken(header);
  if (!token) throw new ApiError(401, ErrorCodes.Unauthorized, "Authorization header missing");
  try {
    const claims = await deps.tokens.verifyAccess(token);
    if (!deps.store.getSession(claims.sid)) throw new ApiError(401, ErrorCodes.SessionExpired, "Session ended, log in again");
    if (!deps.store.getUserById(claims.userId)) throw new ApiError(401, ErrorCodes.Unauthorized, "User not found");
    return { userId: claims.userId, accessToken: token };
  } catch (err) {
    if (err instanceof TokenError) {
      if (err.reason === "expired") throw new ApiError(401, ErrorCodes.TokenExpired, "Access token expired");
      throw new ApiError(401, ErrorCodes.Unauthorized, "Invalid access token");
    }
    throw err;
  }
}

/**
 * Access / id tokens: JWT-shaped HS256 JWS made with `jose`, payload encoded CLI-safe (see cli-safe-json.ts).
 * Claims follow what the CLI reads [cloud-rest-api 0]: access `exp`; id `email`, `custom:user_id`.
 * Refresh tokens are opaque random strings; the store keeps only their SHA-256 (the session id `sid`).
 */
import { createHash, randomBytes } from "node:crypto";
import { CompactSign, compactVerify } from "jose";
import { cliSafeJsonBytes } from "./cli-safe-json";
import type { CloudStore, UserRecord } from "../store/store";
import type { CloudClock } from "../deps";

const SecretSettingKey = "auth.token_secret";
const Issuer = "xs-rainmaker-local-cloud";

export interface TokenSet {
  accesstoken: string;
  idtoken: string;
}

export interface AccessClaims {
  userId: string;
  sid: string;
  exp: number;
}

export type TokenFailure = "malformed" | "bad-signature" | "expired" | "wrong-use";

export class TokenError extends Error {
  constructor(readonly reason: TokenFailure) {
    super(`token ${reason}`);
    this.name = "TokenError";
  }
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The signing secret kept in the store, created on first use. */
export function loadOrCreateSecret(store: CloudStore): Uint8Array {
  const existing = store.getSetting(SecretSettingKey);
  if (existing) return Buffer.from(existing, "base64");
  const secret = randomBytes(32);
  store.setSetting(SecretSettingKey, secret.toString("base64"));
  return secret;
}

/** Access tokens whose signature a TokenService remembers as checked (oldest forgotten first). */
const VerifiedTokenCacheSize = 1024;

export class TokenService {
  /**
   * Signature checks already passed, by exact token text: the HS256 check runs on WebCrypto's thread
   * pool (about 0.4 ms a request under load) and its answer for one text and one secret never changes.
   * Expiry is still checked on every use; the session behind a token is checked by the caller.
   */
  readonly #verified = new Map<string, AccessClaims>();

  constructor(
    private readonly secret: Uint8Array,
    private readonly clock: CloudClock,
    private readonly accessTtlS: number,
  ) {}

  async issue(user: UserRecord, sid: string): Promise<TokenSet> {
    const iat = Math.floor(this.clock.now() / 1000);
    const exp = iat + this.accessTtlS;
    const access = {
      sub: user.userId,
      token_use: "access",
      iss: Issuer,
      iat,
      exp,
      username: user.userId,
      sid,
    };
    const id = {
      sub: user.userId,
      token_use: "id",
      iss: Issuer,
      iat,
      exp,
      email: user.userName,
      "cognito:username": user.userId,
      "custom:user_id": user.userId,
      name: user.name,
    };
    return { accesstoken: await this.sign(access), idtoken: await this.sign(id) };
  }

  /** Verifies signature, `token_use` and expiry; throws TokenError. */
  async verifyAccess(token: string): Promise<AccessClaims> {
    const known = this.#verified.get(token);
    if (known) {
      if (known.exp * 1000 <= this.clock.now()) {
        this.#verified.delete(token);
        throw new TokenError("expired");
      }
      return { ...known };
    }
    const claims = await this.#checkAccess(token);
    if (this.#verified.size >= VerifiedTokenCacheSize) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(token, claims);
    return { ...claims };
  }

  async #checkAccess(token: string): Promise<AccessClaims> {
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, this.secret, { algorithms: ["HS256"] }));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new TokenError(code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" ? "bad-signature" : "malformed");
    }
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    } catch {
      throw new TokenError("malformed");
    }
    if (claims.token_use !== "access" || typeof claims.sub !== "string" || typeof claims.sid !== "string") {
      throw new TokenError("wrong-use");
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= this.clock.now()) throw new TokenError("expired");
    return { userId: claims.sub, sid: claims.sid, exp: claims.exp };
  }

  private sign(claims: Record<string, unknown>): Promise<string> {
    return new CompactSign(cliSafeJsonBytes(claims)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(this.secret);
  }
}

/**
 * Why a claim attempt failed, and what happens next: `retry` kinds are tried again after a capped
 * backoff; `refused` kinds stop automatic claiming until a re-claim is asked for (or the next boot),
 * so a misconfigured device never floods the claim service.
 */
export type ClaimFailureKind =
  /** No connection, timeout, TLS failure. */
  | "unreachable"
  /** 5xx from the claim service. */
  | "server-error"
  /** 429; `retryAfterMs` from Retry-After. */
  | "rate-limited"
  /** 2xx with a body we cannot use (not JSON, fields missing). */
  | "bad-reply"
  /** 4xx: unknown device, wrong factory secret, CSR refused. */
  | "rejected"
  /** The certificate is for another node id, MAC or key, or already expired. */
  | "wrong-identity"
  /** The claim was aborted or the device lacks what the flow needs (factory secret, key). */
  | "not-possible";

const RETRYABLE: readonly ClaimFailureKind[] = Object.freeze(["unreachable", "server-error", "rate-limited", "bad-reply"]);

export class ClaimError extends Error {
  // A class field defines an own property; assigning `this.name` throws on a board, where
  // Error.prototype is preloaded and frozen (the override mistake).
  override readonly name = "ClaimError";
  constructor(readonly kind: ClaimFailureKind, message: string, readonly status?: number, readonly retryAfterMs?: number) {
    super(message);
  }

  /** True when trying again later can succeed. */
  get retryable(): boolean {
    return RETRYABLE.indexOf(this.kind) >= 0;
  }
}

/** Any thrown value as a ClaimError (unknown errors count as `unreachable`: transport trouble). */
export function asClaimError(error: unknown): ClaimError {
  if (error instanceof ClaimError) return error;
  return new ClaimError("unreachable", error instanceof Error ? error.message : String(error));
}

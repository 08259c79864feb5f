/** `error_code` values of the claim service (the stub's own numbers, next to `error-codes.ts`). */
export const ClaimErrorCodes = Object.freeze({
  DeviceNotRegistered: 100101,
  ClaimSessionNotFound: 100102,
  ChallengeResponseMismatch: 100103,
  CsrInvalid: 100104,
  CsrWrongNodeId: 100105,
  TooManyAttempts: 100106,
  HttpsRequired: 100107,
  WrongClaimMode: 100108,
  MatterUnsupported: 100109,
  ClaimedByOther: 100110,
});

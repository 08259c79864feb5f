/**
 * `error_code` values of the stub's failure bodies. The numbers are the stub's own (RainMaker's real
 * codes are not public); the two seen in the recording are kept [vectors/cli-rest.json].
 */
export const ErrorCodes = Object.freeze({
  BadRequest: 100001,
  NotFound: 100002,
  BodyTooLarge: 100003,
  UnsupportedMediaType: 100004,
  Internal: 100005,
  NodeNotFound: 100010,
  NodeAccessDenied: 100011,
  MappingRequestNotFound: 100020,
  MappingRequestClosed: 100021,
  ChallengeVerifyFailed: 100022,
  OtaImageNotFound: 100030,
  OtaJobNotFound: 100031,
  RangeNotSatisfiable: 100032,
  Unauthorized: 101001,
  BadCredentials: 101002,
  TokenExpired: 101003,
  SessionExpired: 101004,
  UserExists: 101005,
  UserNotFound: 101006,
  UserNotConfirmed: 101007,
});

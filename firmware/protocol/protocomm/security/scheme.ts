/** Contract between the protocomm core and a security scheme (spec 6.4-6.6). */

/** Outcome of one `prov-session` request. */
export type HandshakeResult =
  | { readonly reply: Uint8Array }
  /** Close the connection without replying (wrong PoP / proof, malformed input) [vectors README rules 4-5]. */
  | { readonly close: string };

/** One security session: handshake state plus, once established, the data cipher. */
export interface SecuritySession {
  /** Handles a `prov-session` body (a serialized `SessionData`). */
  handshake(body: Uint8Array): HandshakeResult;
  /** True once the handshake completed; data endpoints are refused before that. */
  readonly established: boolean;
  /** Decrypts a request body; undefined if it does not authenticate. */
  decrypt(data: Uint8Array): Uint8Array | undefined;
  /** Encrypts a response body. */
  encrypt(data: Uint8Array): Uint8Array;
}

export interface SecurityScheme {
  /** `sec_ver` of this scheme (0, 1 or 2). */
  readonly version: number;
  newSession(): SecuritySession;
}

/** X25519 as provided by `firmware/crypto` (injected: protocol code imports only ports). */
export interface X25519Math {
  x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array;
  x25519PublicKey(privateKey: Uint8Array): Uint8Array;
}

/** Inputs of the device side of SRP-6a (spec 6.6). */
export interface SrpDeviceInput {
  readonly username: Uint8Array;
  readonly salt: Uint8Array;
  /** Verifier v, big-endian. */
  readonly verifier: Uint8Array;
  /** Client public value A exactly as received. */
  readonly clientPublic: Uint8Array;
  /** Private value b (32 random bytes, big-endian). */
  readonly privateValue: Uint8Array;
}

export interface SrpDeviceSession {
  /** B without leading zero bytes. */
  readonly serverPublic: Uint8Array;
  /** K = H(S), 64 bytes. */
  readonly sessionKey: Uint8Array;
  /** H(A | M | K) when the proof is right, else undefined. */
  verifyClientProof(clientProof: Uint8Array): Uint8Array | undefined;
}

/** SRP-6a 3072-bit / SHA-512 device math as provided by `firmware/crypto`. */
export interface SrpMath {
  /** Undefined when A is unusable (A mod N == 0, or longer than N). */
  srpServerSession(input: SrpDeviceInput): SrpDeviceSession | undefined;
}

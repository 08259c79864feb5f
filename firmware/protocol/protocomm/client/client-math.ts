/** Arithmetic a provisioning client needs, injected so this layer imports only ports and itself. */

/** One SRP-6a client run (3072-bit group, SHA-512) [spec 6.6]. */
export interface SrpClientRun {
  /** A padded to exactly 384 bytes. */
  readonly publicKey: Uint8Array;
  /** Computes the proof from the device's salt and B. */
  respond(salt: Uint8Array, devicePublic: Uint8Array): { readonly proof: Uint8Array; readonly sessionKey: Uint8Array; readonly expectedDeviceProof: Uint8Array };
}

export interface ClientMath {
  x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array;
  x25519PublicKey(privateKey: Uint8Array): Uint8Array;
  /** SRP client from username, password and 32 random bytes `a`. */
  srpClient(username: Uint8Array, password: Uint8Array, privateValue: Uint8Array): SrpClientRun;
}

import type { CryptoPort } from "../ports/crypto";
import type { SrpMath, X25519Math } from "../protocol/protocomm/security/scheme";
import { SRP_GROUP_3072 } from "./srp-groups";
import { createSrpServer, srpVerifier, type SrpServerInput, type SrpServerSession } from "./srp6a";
import { x25519, x25519PublicKey } from "./x25519";

/**
 * The math the provisioning security schemes need, bound to the CryptoPort's SHA-512; its SRP
 * sessions also expose the intermediate values.
 */
export interface ProvisioningMath extends X25519Math, SrpMath {
  srpServerSession(input: SrpServerInput): SrpServerSession | undefined;
}

/** The SRP group constants (k, H(N) xor H(g)) are computed at the first sec2 handshake and kept. */
export function createProvisioningMath(crypto: CryptoPort): ProvisioningMath {
  return Object.freeze({
    x25519,
    x25519PublicKey,
    srpServerSession: createSrpServer(SRP_GROUP_3072, (data) => crypto.hash("SHA-512", data)).session,
  });
}

/** [spec 6.6] v = g^x mod N with x = H(salt | H(I ":" PoP)), for devices that derive it at runtime. */
export function deriveSec2Verifier(crypto: CryptoPort, username: Uint8Array, pop: Uint8Array, salt: Uint8Array): Uint8Array {
  return srpVerifier(SRP_GROUP_3072, (d) => crypto.hash("SHA-512", d), salt, username, pop);
}

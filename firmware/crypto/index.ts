export { bigIntToBytes, bigIntToPaddedBytes, bytesToBigInt } from "./bigint-bytes";
export { modPow } from "./modpow";
export { x25519, x25519BasePoint, x25519PublicKey } from "./x25519";
export { SRP_GROUP_3072, type SrpGroup } from "./srp-groups";
export {
  createSrpServer,
  srpGroupConstants,
  srpMultiplier,
  srpPrivateKey,
  srpServerSession,
  srpVerifier,
  type HashFunction,
  type SrpGroupConstants,
  type SrpServer,
  type SrpServerDerived,
  type SrpServerInput,
  type SrpServerSession,
} from "./srp6a";
export { createProvisioningMath, deriveSec2Verifier, type ProvisioningMath } from "./provisioning-math";

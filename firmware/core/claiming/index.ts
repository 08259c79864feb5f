export { loadCredentials, saveCredentials, clearCredentials, CredentialsKv, type NodeCredentials } from "./credentials";
export { createClaimManager, certificateNotAfter, ClaimDefaults, type ClaimManager, type ClaimManagerOptions, type ClaimFlow, type ClaimStatus } from "./claim-manager";
export { ClaimError, type ClaimFailureKind } from "./claim-error";
export { selfClaim, nodeIdFromMac, DEFAULT_MQTT_PORT, type SelfClaimOptions, type KeySource } from "./self-claim";
export { selfClaimHook, type SelfClaimHookConfig } from "./agent-hooks";
export { createAssistedClaimHandler, AssistedClaimLimits, type AssistedClaimOptions } from "./assisted-endpoint";
export { relayAssistedClaim, claimCloudOverHttp, type AssistedClaimCloud, type ClaimEndpointCall } from "./assisted-relay";
export { prepareNodeKey, generateNodeKey, nodeKeyFromPkcs8, PendingClaimKv, type NodeKey } from "./node-key";

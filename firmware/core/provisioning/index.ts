export { createProvisioning, type ChallengeSigner, type Provisioning, type ProvisioningConfig, type ProvisioningDeps, type ProvisioningOutcome, type ProvisioningPhase, type UserMappingMode } from "./provisioning";
export { deriveProvisioningIdentity, factoryRandomBytes, ProvisioningKv, qrCodeUrl, qrPayload, type ProvisioningIdentity, type ProvisioningTransport } from "./identity";
export { buildProtoVersion, cJsonPrint, type CJsonValue, type ProtoVersionOptions } from "./proto-version";
export { createWifiStation, type StationCredentials, type StationPhase, type WifiStation, type WifiStationOptions } from "./wifi-station";
export { createHandshakeThrottle, type HandshakeThrottle, type ThrottleOptions } from "./handshake-throttle";
export { loadSec2Credentials, type Sec2Credentials } from "./sec2-verifier";
export { createSoftApHandler } from "./softap-http";
export { bleGattLayout, bleProvisioningService, characteristicUuid, RMAKER_PROV_SERVICE_UUID, StandardEndpointIds, startBleProvisioning, type GattCharacteristicLayout } from "./ble-layout";
export { clearUserMapping, clearWifiCredentials, loadUserMapping, loadWifiCredentials, reprovisionRequested, requestReprovision, storeUserMapping, storeWifiCredentials, type StoredUserMapping } from "./kv-state";

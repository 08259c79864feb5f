export type { ProvTransport } from "./transport";
export { DeviceClosedError } from "./transport";
export type { ClientMath, SrpClientRun } from "./client-math";
export { createSec0Client, createSec1Client, createSec2Client, type ClientSecurity } from "./client-security";
export { parseProtoVersion, type DeviceVersionInfo } from "./proto-version";
export { DeviceRefusedError, ProvClient, ProvisioningEndpoints, type DeviceWifiStatus, type ProvClientOptions, type ScannedNetwork } from "./prov-client";

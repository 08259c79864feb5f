import type { KvPort } from "../../ports/kv";
import { ProvisioningKv as K } from "./identity";
import type { StationCredentials } from "./wifi-station";

/** Station credentials stored after a successful provisioning, or undefined. */
export function loadWifiCredentials(kv: KvPort): StationCredentials | undefined {
  const ssid = kv.get(K.wifiNamespace, K.ssid);
  const passphrase = kv.get(K.wifiNamespace, K.passphrase);
  if (typeof ssid !== "string" || ssid.length === 0 || typeof passphrase !== "string") return undefined;
  const bssid = kv.get(K.wifiNamespace, K.bssid);
  const channel = kv.get(K.wifiNamespace, K.channel);
  return {
    ssid,
    passphrase,
    ...(bssid instanceof Uint8Array && bssid.length === 6 ? { bssid } : {}),
    ...(typeof channel === "number" && channel > 0 ? { channel } : {}),
  };
}

export function storeWifiCredentials(kv: KvPort, c: StationCredentials): void {
  kv.set(K.wifiNamespace, K.ssid, c.ssid);
  kv.set(K.wifiNamespace, K.passphrase, c.passphrase);
  if (c.bssid) kv.set(K.wifiNamespace, K.bssid, c.bssid);
  else kv.delete(K.wifiNamespace, K.bssid);
  if (c.channel) kv.set(K.wifiNamespace, K.channel, c.channel);
  else kv.delete(K.wifiNamespace, K.channel);
}

/** Forgets the station credentials (factory reset / Wi-Fi reset). */
export function clearWifiCredentials(kv: KvPort): void {
  for (const key of [K.ssid, K.passphrase, K.bssid, K.channel]) kv.delete(K.wifiNamespace, key);
}

/** Asks for provisioning at the next start even though credentials are stored. */
export function requestReprovision(kv: KvPort): void {
  kv.set(K.provNamespace, K.reprovision, true);
}

export function reprovisionRequested(kv: KvPort): boolean {
  return kv.get(K.provNamespace, K.reprovision) === true;
}

/** The legacy user mapping received over `cloud_user_assoc` [spec 5.1], for the later MQTT publish. */
export interface StoredUserMapping {
  readonly userId: string;
  readonly secretKey: string;
}

export function loadUserMapping(kv: KvPort): StoredUserMapping | undefined {
  const userId = kv.get(K.userMappingNamespace, K.userId);
  const secretKey = kv.get(K.userMappingNamespace, K.secretKey);
  return typeof userId === "string" && typeof secretKey === "string" ? { userId, secretKey } : undefined;
}

export function storeUserMapping(kv: KvPort, m: StoredUserMapping): void {
  kv.set(K.userMappingNamespace, K.userId, m.userId);
  kv.set(K.userMappingNamespace, K.secretKey, m.secretKey);
}

/** Called once the `user/mapping` publish was acknowledged. */
export function clearUserMapping(kv: KvPort): void {
  kv.delete(K.userMappingNamespace, K.userId);
  kv.delete(K.userMappingNamespace, K.secretKey);
}

import type { KvPort } from "../../ports/kv";
import type { WifiCredentials } from "../../ports/wifi";
import { ProvisioningKv } from "../provisioning/identity";

/** Station credentials provisioning stored, or undefined (the device must be provisioned). */
export function loadWifiCredentials(kv: KvPort): WifiCredentials | undefined {
  const ns = ProvisioningKv.wifiNamespace;
  const ssid = kv.get(ns, ProvisioningKv.ssid);
  const passphrase = kv.get(ns, ProvisioningKv.passphrase);
  if (typeof ssid !== "string" || ssid === "") return undefined;
  const out: WifiCredentials = { ssid, passphrase: typeof passphrase === "string" ? passphrase : "" };
  const bssid = kv.get(ns, ProvisioningKv.bssid);
  if (bssid instanceof Uint8Array && bssid.length === 6) out.bssid = bssid;
  const channel = kv.get(ns, ProvisioningKv.channel);
  if (typeof channel === "number" && channel > 0) out.channel = channel;
  return out;
}

/** Write station credentials the way provisioning does (the simulator's provisioning shortcut uses it). */
export function saveWifiCredentials(kv: KvPort, credentials: WifiCredentials): void {
  const ns = ProvisioningKv.wifiNamespace;
  kv.set(ns, ProvisioningKv.ssid, credentials.ssid);
  kv.set(ns, ProvisioningKv.passphrase, credentials.passphrase);
}

/** Forget the network (Wi-Fi reset [spec 9.7]): the next boot provisions again. */
export function clearWifiCredentials(kv: KvPort): void {
  for (const key of kv.keys(ProvisioningKv.wifiNamespace)) kv.delete(ProvisioningKv.wifiNamespace, key);
}

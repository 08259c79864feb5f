import type { KvPort } from "../../ports/kv";
import { ProvisioningKv } from "../provisioning/identity";
import { PARAM_NAMESPACE } from "../runtime/param-store";

/**
 * Namespaces a factory reset erases: Wi-Fi, provisioning state, user mapping and persisted params.
 * Kept, as on an ESP32 where they live in the `fctry` partition that `nvs_flash_erase` of the user
 * NVS does not touch [spec 4.1]: factory data (`fctry`), the claimed node credentials and the
 * agent's own `xsr_agent` flags (the reset report still owed).
 */
export const FactoryResetNamespaces: readonly string[] = Object.freeze([
  ProvisioningKv.wifiNamespace,
  ProvisioningKv.provNamespace,
  ProvisioningKv.userMappingNamespace,
  PARAM_NAMESPACE,
]);

export function eraseUserData(kv: KvPort, namespaces: readonly string[] = FactoryResetNamespaces): void {
  for (const ns of namespaces) for (const key of kv.keys(ns)) kv.delete(ns, key);
}

import type { Platform } from "../../ports/index";
import { createProvisioning, type Provisioning, type ProvisioningConfig } from "./provisioning";
import { assistedClaimProvisioning, type AssistedClaimSetupOptions } from "./assisted-claim";

export interface ProvisioningHookOptions extends Omit<ProvisioningConfig, "nodeId"> {
  /** Node id answered on `cloud_user_assoc` / `ch_resp` (a function when it is known only later). */
  readonly nodeId: string | (() => string);
  /** Sees each provisioning run (e.g. to set a `ch_resp` signer or show the QR payload). */
  readonly onStart?: (provisioning: Provisioning) => void;
  /** Called each time the transport is up (e.g. to read the SoftAP HTTP port). */
  readonly onReady?: (provisioning: Provisioning) => void;
  /**
   * Serve the assisted claim while the node has no credentials [spec 4.4]: `rmaker_claim` and the
   * `rmaker` entry in `proto-ver`, with the node key made in the background from the first boot.
   */
  readonly assistedClaim?: AssistedClaimSetupOptions | true;
}

/**
 * The agent's `provision` hook [AgentHooks]: runs provisioning on the platform's ports and resolves
 * once Wi-Fi credentials are stored. A run that ends without them (window expired) starts again:
 * an unprovisioned device has nothing else to do.
 */
export function provisioningHook(options: ProvisioningHookOptions): (platform: Platform) => Promise<void> {
  return async (platform) => {
    const nodeId = typeof options.nodeId === "function" ? options.nodeId() : options.nodeId;
    const prov = createProvisioning(
      {
        clock: platform.clock,
        kv: platform.kv,
        log: platform.log,
        crypto: platform.crypto,
        wifi: platform.wifi,
        system: platform.system,
        httpServer: platform.httpServer,
        ...(platform.ble ? { ble: platform.ble } : {}),
      },
      { ...options, nodeId, ...withAssistedClaim(platform, options) },
    );
    options.onStart?.(prov);
    for (;;) {
      if (!(await prov.start({ force: true }))) throw new Error("provisioning could not start (see the log)");
      options.onReady?.(prov);
      const outcome = await prov.done();
      if (outcome.result === "provisioned") return;
      platform.log.log("warn", "prov", `provisioning ended (${outcome.reason}) without credentials; starting again`);
    }
  };
}

/** Endpoints and `proto-ver` entries with the assisted claim's added, when configured and still needed. */
function withAssistedClaim(platform: Platform, options: ProvisioningHookOptions): Pick<ProvisioningConfig, "endpoints" | "appInfo"> {
  const own = { ...(options.endpoints ? { endpoints: options.endpoints } : {}), ...(options.appInfo ? { appInfo: options.appInfo } : {}) };
  if (!options.assistedClaim) return own;
  const claim = assistedClaimProvisioning(platform, options.assistedClaim === true ? {} : options.assistedClaim);
  if (!claim) return own;
  return { endpoints: [...(options.endpoints ?? []), ...claim.endpoints], appInfo: { ...options.appInfo, ...claim.appInfo } };
}

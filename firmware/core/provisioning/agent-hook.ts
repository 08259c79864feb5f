import type { Platform } from "../../ports/index";
import { createProvisioning, type Provisioning, type ProvisioningConfig } from "./provisioning";

export interface ProvisioningHookOptions extends Omit<ProvisioningConfig, "nodeId"> {
  /** Node id answered on `cloud_user_assoc` / `ch_resp` (a function when it is known only later). */
  readonly nodeId: string | (() => string);
  /** Sees each provisioning run (e.g. to set a `ch_resp` signer or show the QR payload). */
  readonly onStart?: (provisioning: Provisioning) => void;
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
      { ...options, nodeId },
    );
    options.onStart?.(prov);
    for (;;) {
      if (!(await prov.start({ force: true }))) throw new Error("provisioning could not start (see the log)");
      const outcome = await prov.done();
      if (outcome.result === "provisioned") return;
      platform.log.log("warn", "prov", `provisioning ended (${outcome.reason}) without credentials; starting again`);
    }
  };
}

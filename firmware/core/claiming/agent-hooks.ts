/**
 * Claim hooks for the agent (`AgentConfig.hooks.claim`): the self claim with the state machine's
 * capped backoff around it, taking every port from the Platform bundle. The agent stores the
 * result; the hook stores it too (atomically), which makes the agent's save a no-op rewrite.
 */
import type { Platform } from "../../ports/index";
import { toHex } from "../../protocol/bytes";
import type { NodeCredentials } from "./credentials";
import { createClaimManager } from "./claim-manager";
import type { ClaimManagerOptions } from "./claim-manager";
import { selfClaim } from "./self-claim";
import type { KeySource } from "./self-claim";

export interface SelfClaimHookConfig {
  /** Claim service base URL. */
  baseUrl: string;
  /** CA (DER) of the claim service's HTTPS certificate. */
  ca?: Uint8Array[];
  /** Factory HMAC key (ESP32-S2/S3/C3/C6 eFuse unique id; the simulator's factory secret). */
  factorySecret: Uint8Array;
  /** Default `device`: RSA-2048 generated on the device in slices (README). */
  keySource?: KeySource;
  brokerCa?: Uint8Array;
  backoff?: Pick<ClaimManagerOptions, "firstRetryMs" | "maxRetryMs">;
}

/** A `claim(platform)` hook running the self claim until it succeeds or is refused. */
export function selfClaimHook(config: SelfClaimHookConfig): (platform: Platform) => Promise<NodeCredentials> {
  return (platform) => {
    const manager = createClaimManager({
      kv: platform.kv,
      clock: platform.clock,
      log: platform.log,
      ...config.backoff,
      flow: () => selfClaim({
        http: platform.httpClient,
        crypto: platform.crypto,
        kv: platform.kv,
        clock: platform.clock,
        baseUrl: config.baseUrl,
        ca: config.ca,
        mac: toHex(platform.system.mac(), true),
        platform: platform.system.firmware().platform,
        factorySecret: config.factorySecret,
        keySource: config.keySource ?? "device",
        now: platform.clock.now(),
        brokerCa: config.brokerCa,
      }),
    });
    return manager.ensureClaimed();
  };
}

/**
 * The assisted claim inside provisioning [spec 4.4, 6.2]: a node without credentials advertises
 * `"rmaker":{"ver":"1.0","cap":["claim"]}` in `proto-ver` and serves the `rmaker_claim` endpoint,
 * so the phone app (or `xs-rainmaker provision --claim`) carries its CSR to the claim service.
 */
import type { ClockPort } from "../../ports/clock";
import type { CryptoPort } from "../../ports/crypto";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import type { SystemPort } from "../../ports/system";
import { toHex } from "../../protocol/bytes";
import type { EndpointHandler } from "../../protocol/protocomm/endpoint";
import { createAssistedClaimHandler } from "../claiming/assisted-endpoint";
import { loadCredentials } from "../claiming/credentials";
import type { NodeCredentials } from "../claiming/credentials";
import { prepareNodeKey } from "../claiming/node-key";

/** Endpoint name and `proto-ver` app-info of the assisted claim [spec 4.4]. */
export const AssistedClaimProtocol = Object.freeze({
  endpoint: "rmaker_claim",
  appInfoName: "rmaker",
  appInfo: Object.freeze({ ver: "1.0", cap: Object.freeze(["claim"]) }),
});

export interface AssistedClaimSetupOptions {
  /** Overrides the broker CA taken from the returned chain. */
  readonly brokerCa?: Uint8Array;
  /** RSA modulus bits (default 2048; tests use smaller keys). */
  readonly keyBits?: number;
  /** Called once the certificate is stored. */
  readonly onClaimed?: (credentials: NodeCredentials) => void;
}

export interface AssistedClaimPorts {
  readonly kv: KvPort;
  readonly crypto: CryptoPort;
  readonly clock: ClockPort;
  readonly log: LogPort;
  readonly system: SystemPort;
}

/** The parts of a provisioning config that add the assisted claim. */
export interface AssistedClaimProvisioning {
  readonly endpoints: ReadonlyArray<readonly [string, EndpointHandler]>;
  readonly appInfo: Readonly<Record<string, { readonly ver: string; readonly cap: readonly string[] }>>;
}

/**
 * Endpoint and `proto-ver` entry for a node that still needs a certificate; undefined once it has
 * valid credentials (nothing is advertised then). Starts the RSA key generation in the background,
 * in slices, so the client's Init finds the key ready (claiming README, "Keys").
 */
export function assistedClaimProvisioning(ports: AssistedClaimPorts, options: AssistedClaimSetupOptions = {}): AssistedClaimProvisioning | undefined {
  if (loadCredentials(ports.kv, ports.log)) return undefined;
  prepareNodeKey(ports.kv, ports.crypto, ports.clock, 50, options.keyBits).then(
    () => ports.log.log("info", "claim", "node key ready for the assisted claim"),
    (error: unknown) => ports.log.log("error", "claim", `node key generation failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  const handler = createAssistedClaimHandler({
    kv: ports.kv,
    crypto: ports.crypto,
    clock: ports.clock,
    log: ports.log,
    mac: toHex(ports.system.mac(), true),
    platform: ports.system.firmware().platform,
    ...(options.brokerCa ? { brokerCa: options.brokerCa } : {}),
    ...(options.keyBits ? { keyBits: options.keyBits } : {}),
    ...(options.onClaimed ? { onClaimed: options.onClaimed } : {}),
  });
  return {
    endpoints: [[AssistedClaimProtocol.endpoint, handler]],
    appInfo: { [AssistedClaimProtocol.appInfoName]: AssistedClaimProtocol.appInfo },
  };
}

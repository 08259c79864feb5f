import sec0 from "../vectors/sec0.json" with { type: "json" };
import sec1 from "../vectors/sec1.json" with { type: "json" };
import sec2 from "../vectors/sec2.json" with { type: "json" };
import scan from "../vectors/scan.json" with { type: "json" };
import wifiFail from "../vectors/wifi-fail.json" with { type: "json" };
import cliProvision from "../vectors/cli-provision.json" with { type: "json" };
import type { ProvisioningVector } from "./vector-types";

/** The recorded provisioning transcripts, copied unchanged from the shared vectors folder. */
export const PROVISIONING_VECTORS: Readonly<Record<string, ProvisioningVector>> = Object.freeze({
  sec0: sec0 as unknown as ProvisioningVector,
  sec1: sec1 as unknown as ProvisioningVector,
  sec2: sec2 as unknown as ProvisioningVector,
  scan: scan as unknown as ProvisioningVector,
  "wifi-fail": wifiFail as unknown as ProvisioningVector,
  "cli-provision": cliProvision as unknown as ProvisioningVector,
});

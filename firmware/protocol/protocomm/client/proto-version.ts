/** What a device advertises on `proto-ver` [spec 6.2, 5.2, 4.4]. */
export interface DeviceVersionInfo {
  readonly provVersion: string;
  /** Undefined on old devices that do not say (esp_prov then probes). */
  readonly securityVersion: number | undefined;
  readonly securityPatchVersion: number;
  readonly capabilities: readonly string[];
  /** `rmaker_extra.cap`, e.g. `ch_resp`. */
  readonly rmakerExtraCapabilities: readonly string[];
  /** `rmaker.cap`, e.g. `claim`. */
  readonly rmakerCapabilities: readonly string[];
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`proto-ver: ${where} must be a list of strings`);
  return value as string[];
}

/** Parses the `proto-ver` reply text; throws a clear error when it is not the expected JSON. */
export function parseProtoVersion(text: string): DeviceVersionInfo {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`proto-ver: reply is not JSON: ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("proto-ver: reply is not a JSON object");
  const d = doc as Record<string, unknown>;
  const prov = d["prov"] as Record<string, unknown> | undefined;
  if (typeof prov !== "object" || prov === null || typeof prov["ver"] !== "string") throw new Error("proto-ver: missing prov.ver");
  const secVer = prov["sec_ver"];
  if (secVer !== undefined && (typeof secVer !== "number" || !Number.isInteger(secVer))) throw new Error("proto-ver: prov.sec_ver must be an integer");
  const patch = prov["sec_patch_ver"] ?? 0;
  if (typeof patch !== "number") throw new Error("proto-ver: prov.sec_patch_ver must be a number");
  const extra = d["rmaker_extra"] as Record<string, unknown> | undefined;
  const rmaker = d["rmaker"] as Record<string, unknown> | undefined;
  return {
    provVersion: prov["ver"] as string,
    securityVersion: secVer as number | undefined,
    securityPatchVersion: patch,
    capabilities: stringList(prov["cap"], "prov.cap"),
    rmakerExtraCapabilities: stringList(extra?.["cap"], "rmaker_extra.cap"),
    rmakerCapabilities: stringList(rmaker?.["cap"], "rmaker.cap"),
  };
}

/** `proto-ver` JSON [spec 6.2], printed the way cJSON's pretty printer does (tabs, newlines, `", "` in arrays). */

export type CJsonValue = string | number | boolean | null | readonly CJsonValue[] | { readonly [key: string]: CJsonValue };

function printValue(value: CJsonValue, depth: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "null";
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${(value as readonly CJsonValue[]).map((v) => printValue(v, depth)).join(", ")}]`;
  const entries = Object.keys(value);
  const inner = "\t".repeat(depth + 1);
  if (entries.length === 0) return `{\n${"\t".repeat(depth)}}`;
  const body = entries
    .map((k) => `${inner}${JSON.stringify(k)}:\t${printValue((value as { readonly [key: string]: CJsonValue })[k]!, depth + 1)}`)
    .join(",\n");
  return `{\n${body}\n${"\t".repeat(depth)}}`;
}

/** Formats like `cJSON_Print` (no trailing newline). */
export function cJsonPrint(value: CJsonValue): string {
  return printValue(value, 0);
}

export interface ProtoVersionOptions {
  readonly security: 0 | 1 | 2;
  /** True when security 1 runs without a PoP (adds `no_pop`). */
  readonly noPop?: boolean;
  /** `prov.ver`; default `v1.1` (IDF wifi_provisioning, as the vectors record). */
  readonly provVersion?: string;
  /** Capabilities after `no_sec`/`no_pop`; default `["wifi_scan"]`. */
  readonly capabilities?: readonly string[];
  /** App-info objects printed before `prov`, e.g. `rmaker_extra` [spec 5.2] or `rmaker` [spec 4.4]. */
  readonly appInfo?: Readonly<Record<string, { readonly ver: string; readonly cap: readonly string[] }>>;
}

/** The exact `proto-ver` reply text [spec 6.2]; `sec_patch_ver` is 1 for security 2, else 0. */
export function buildProtoVersion(options: ProtoVersionOptions): string {
  const caps: string[] = [];
  if (options.security === 0) caps.push("no_sec");
  if (options.security === 1 && options.noPop) caps.push("no_pop");
  caps.push(...(options.capabilities ?? ["wifi_scan"]));
  const doc: Record<string, CJsonValue> = {};
  for (const [name, info] of Object.entries(options.appInfo ?? {})) doc[name] = { ver: info.ver, cap: [...info.cap] };
  doc["prov"] = {
    ver: options.provVersion ?? "v1.1",
    sec_ver: options.security,
    sec_patch_ver: options.security === 2 ? 1 : 0,
    cap: caps,
  };
  return cJsonPrint(doc);
}

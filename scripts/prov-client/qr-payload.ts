/** The provisioning QR payload [spec 6.7] as a client reads it. */
export interface QrInfo {
  readonly name?: string;
  readonly pop?: string;
  readonly username?: string;
  readonly transport?: string;
}

export function parseQrPayload(text: string): QrInfo {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("--qr must be the QR payload JSON, e.g. {\"ver\":\"v1\",\"name\":\"PROV_1a2b3c\",...}");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("--qr must be a JSON object");
  const d = doc as Record<string, unknown>;
  if (d["ver"] !== "v1") throw new Error(`--qr: unsupported ver ${JSON.stringify(d["ver"])} (expected "v1")`);
  const out: Record<string, string> = {};
  for (const key of ["name", "pop", "username", "transport"]) {
    const v = d[key];
    if (v === undefined) continue;
    if (typeof v !== "string") throw new Error(`--qr: ${key} must be a string`);
    out[key] = v;
  }
  return out;
}

/**
 * Minimal validating parse of a params JSON [spec 2.1]: an object of device objects. (A full
 * params codec validating against the node config is not used here; the shadow keeps what the node sent.)
 */
import type { ParamsDocument } from "../../../firmware/protocol/rainmaker/description";
import { decodeJsonPayload, isPlainObject } from "./payload";

export type ParamsResult = { ok: true; value: ParamsDocument } | { ok: false; error: string };

export function decodeParamsDocument(payload: Uint8Array): ParamsResult {
  const parsed = decodeJsonPayload(payload);
  if (!parsed.ok) return { ok: false, error: `not JSON: ${parsed.error}` };
  if (!isPlainObject(parsed.value)) return { ok: false, error: "params must be a JSON object" };
  const out: ParamsDocument = {};
  for (const [device, params] of Object.entries(parsed.value)) {
    if (!isPlainObject(params)) return { ok: false, error: `params of "${device}" must be an object` };
    out[device] = JSON.parse(JSON.stringify(params)) as ParamsDocument[string];
  }
  return { ok: true, value: out };
}

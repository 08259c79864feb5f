/** Merges a params delta into a shadow: per device, then per param; later values win [spec 2.1]. */
import type { ParamsDocument } from "../../firmware/protocol/rainmaker/description";

export function mergeParamsDocument(shadow: ParamsDocument, delta: ParamsDocument): ParamsDocument {
  const out: ParamsDocument = {};
  for (const [device, params] of Object.entries(shadow)) out[device] = { ...params };
  for (const [device, params] of Object.entries(delta)) out[device] = { ...(out[device] ?? {}), ...params };
  return out;
}

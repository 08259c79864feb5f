/**
 * Decodes a node's params report [spec 2.1]. With the schema of a stored node config (`node-schemas.ts`),
 * the protocol's `decodeReport` checks devices, params and data types against it (rejected entries are
 * returned for logging).
 * Before any config was reported, a minimal validating parse accepts an object of device objects.
 */
import type { ParamsDocument } from "../../../firmware/protocol/rainmaker/description";
import { decodeReport } from "../../../firmware/protocol/rainmaker/params";
import type { ParamRejection, ParamsSchema } from "../../../firmware/protocol/rainmaker/params";
import { readJson } from "../../../firmware/protocol/rainmaker/json-reader";
import { utf8Decode } from "../../../firmware/protocol/bytes";

export type ParamsResult = { ok: true; value: ParamsDocument; rejected: ParamRejection[] } | { ok: false; error: string };

/** Deepest nesting accepted without a config (param values may hold JSON objects/arrays). */
const MaxDepthWithoutConfig = 16;

const plain = (doc: unknown): ParamsDocument => JSON.parse(JSON.stringify(doc)) as ParamsDocument;

export function decodeNodeParams(payload: Uint8Array, schema: ParamsSchema | null): ParamsResult {
  const text = utf8Decode(payload);
  if (schema) {
    const r = decodeReport(text, schema);
    if (r.error !== undefined) return { ok: false, error: r.error };
    return { ok: true, value: plain(r.accepted), rejected: r.rejected };
  }
  const parsed = readJson(text, { maxDepth: MaxDepthWithoutConfig });
  if (!parsed.ok) return { ok: false, error: `not JSON: ${parsed.error}` };
  const root = parsed.value;
  if (typeof root !== "object" || root === null || Array.isArray(root)) return { ok: false, error: "params must be a JSON object" };
  for (const [device, params] of Object.entries(root)) {
    if (typeof params !== "object" || params === null || Array.isArray(params)) return { ok: false, error: `params of "${device}" must be an object` };
  }
  return { ok: true, value: plain(root), rejected: [] };
}

/**
 * The `user/mapping` message of the legacy secret-key flow [spec 5.1], published by the node after
 * `cloud_user_assoc`, and the factory-reset report the cloud uses to drop old mappings.
 */
import { type Decoded, decodeMessage } from "./json-fields";
import { JsonWriter } from "./json-writer";

export interface UserMapping {
  nodeId: string;
  userId: string;
  secretKey: string;
  /** Present (true) when the node detected a reset / new-user state. */
  reset?: boolean;
}

/** User id and secret of the factory-reset report [spec 5.1]. */
export const RESET_REPORT = Object.freeze({ userId: "esp-rmaker", secretKey: "failed" });

const LIMITS = Object.freeze({ maxBytes: 2048, maxDepth: 1 });

/** `{"node_id":…,"user_id":…,"secret_key":…[,"reset":true]}` [spec 5.1]. */
export function encodeUserMapping(m: UserMapping): string {
  const w = new JsonWriter().beginObject()
    .keyString("node_id", m.nodeId).keyString("user_id", m.userId).keyString("secret_key", m.secretKey);
  if (m.reset) w.key("reset").bool(true);
  return w.endObject().toString();
}

/** The dummy mapping a node publishes after a factory reset [spec 5.1]. */
export function encodeResetReport(nodeId: string): string {
  return encodeUserMapping({ nodeId, userId: RESET_REPORT.userId, secretKey: RESET_REPORT.secretKey, reset: true });
}

/** True for the factory-reset dummy mapping. */
export function isResetReport(m: UserMapping): boolean {
  return m.userId === RESET_REPORT.userId && m.secretKey === RESET_REPORT.secretKey && m.reset === true;
}

/** Cloud side. `reset` must be a boolean when present; ids must be non-empty. Never throws. */
export function decodeUserMapping(text: string): Decoded<UserMapping> {
  return decodeMessage(text, "user/mapping", LIMITS, (f) => {
    const m: UserMapping = {
      nodeId: f.string("node_id", { nonEmpty: true }),
      userId: f.string("user_id", { nonEmpty: true }),
      secretKey: f.string("secret_key"),
    };
    const reset = f.optBool("reset");
    if (reset !== undefined) m.reset = reset;
    return m;
  });
}

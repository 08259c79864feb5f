/**
 * Routes an authenticated device publish to the rule of its topic suffix. Accepts the plain
 * `node/<id>/<suffix>` form and the basic-ingest `$aws/rules/<rule>/node/<id>/<suffix>` form [spec 3.2].
 * Never rejects: unknown topics, node-id mismatches and rule failures are logged and dropped.
 */
import type { MqttRuleEvent } from "../../bus";
import type { AppDeps } from "../../deps";
import type { MqttRule } from "./rule";
import { splitNodeTopic } from "./topic";

export function findRule(rules: readonly MqttRule[], suffix: string): MqttRule | undefined {
  return (
    rules.find((r) => r.suffix === suffix) ??
    rules.find((r) => r.suffix.endsWith("/") && suffix.startsWith(r.suffix) && suffix.length > r.suffix.length)
  );
}

export async function dispatchMqtt(rules: readonly MqttRule[], ev: MqttRuleEvent, deps: AppDeps): Promise<void> {
  const parsed = splitNodeTopic(ev.topic);
  if (!parsed) {
    deps.log.warn("mqtt: topic not handled", { topic: ev.topic, nodeId: ev.nodeId });
    return;
  }
  if (parsed.nodeId !== ev.nodeId) {
    deps.log.warn("mqtt: topic node id differs from the authenticated client", { topic: ev.topic, nodeId: ev.nodeId });
    return;
  }
  const rule = findRule(rules, parsed.suffix);
  if (!rule) {
    deps.log.warn("mqtt: no rule for suffix", { topic: ev.topic, suffix: parsed.suffix });
    return;
  }
  try {
    await rule.handle({ nodeId: ev.nodeId, suffix: parsed.suffix, payload: ev.payload }, deps);
  } catch (err) {
    deps.log.error("mqtt: rule failed, message dropped", { topic: ev.topic, error: err instanceof Error ? err.message : String(err) });
  }
}

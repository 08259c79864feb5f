/**
 * Routes an authenticated device publish to the rule of its topic suffix, using the protocol's
 * `parseTopic` (plain and basic-ingest forms, group ids) [spec 3.2]. Never rejects: unparsable topics,
 * node-id mismatches with the authenticated client and rule failures are logged and dropped.
 */
import type { MqttRuleEvent } from "../../bus";
import type { AppDeps } from "../../deps";
import type { MqttRule } from "./rule";
import { TopicDirection, parseTopic } from "../../../firmware/protocol/rainmaker/topics";

export async function dispatchMqtt(rules: readonly MqttRule[], ev: MqttRuleEvent, deps: AppDeps): Promise<void> {
  const parsed = parseTopic(ev.topic);
  if (!parsed.ok) {
    deps.log.warn("mqtt: topic not handled", { topic: ev.topic, nodeId: ev.nodeId, error: parsed.error });
    return;
  }
  if (parsed.nodeId !== ev.nodeId) {
    deps.log.warn("mqtt: topic node id differs from the authenticated client", { topic: ev.topic, nodeId: ev.nodeId });
    return;
  }
  const rule = parsed.direction === TopicDirection.NodeToCloud ? rules.find((r) => r.suffix === parsed.suffix) : undefined;
  if (!rule) {
    deps.log.warn("mqtt: no rule for topic", { topic: ev.topic, suffix: parsed.suffix });
    return;
  }
  try {
    const msg = { nodeId: ev.nodeId, suffix: parsed.suffix, payload: ev.payload };
    await rule.handle(parsed.groupId === undefined ? msg : { ...msg, groupId: parsed.groupId }, deps);
  } catch (err) {
    deps.log.error("mqtt: rule failed, message dropped", { topic: ev.topic, error: err instanceof Error ? err.message : String(err) });
  }
}

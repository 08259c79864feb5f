import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import type { MqttClient } from "../../ports/mqtt";
import { utf8Encode } from "../../protocol/bytes";
import { publishTopic, TopicSuffix } from "../../protocol/rainmaker/topics";
import { encodeResetReport, encodeUserMapping } from "../../protocol/rainmaker/user-mapping";
import { clearUserMapping, loadUserMapping } from "../provisioning/kv-state";
import { AgentKv } from "./agent-kv";

/** Ask for the factory-reset report on the next connection [spec 5.1, 9.7]. */
export function requestResetReport(kv: KvPort): void {
  kv.set(AgentKv.namespace, AgentKv.resetReport, true);
}

/**
 * Publish what is owed on `user/mapping` (QoS 1): first the factory-reset report, then the pending
 * mapping. Each is cleared only at its PUBACK, so a drop before it retries on the next connection.
 * Resolves true when nothing is left; false (logged) if the link went away.
 */
export async function publishOwedMappings(
  client: MqttClient, kv: KvPort, log: LogPort, nodeId: string, basicIngest: boolean,
  acked: <T>(what: string, work: Promise<T>) => Promise<T> = (_what, work) => work,
): Promise<boolean> {
  const topic = publishTopic(nodeId, TopicSuffix.UserMapping, basicIngest);
  try {
    if (kv.get(AgentKv.namespace, AgentKv.resetReport) === true) {
      await acked("factory-reset report", client.publish(topic, utf8Encode(encodeResetReport(nodeId)), { qos: 1 }));
      kv.delete(AgentKv.namespace, AgentKv.resetReport);
      log.log("info", "mapping", "factory-reset report acknowledged");
    }
    // stored by `cloud_user_assoc` during provisioning [spec 5.1]
    const pending = loadUserMapping(kv);
    if (pending) {
      await acked("user/mapping", client.publish(topic, utf8Encode(encodeUserMapping({ nodeId, userId: pending.userId, secretKey: pending.secretKey })), { qos: 1 }));
      // [spec 5.1] mapping is done at PUBACK
      clearUserMapping(kv);
      log.log("info", "mapping", `user ${pending.userId} mapping acknowledged`);
    }
    return true;
  } catch (error) {
    log.log("warn", "mapping", `user/mapping not acknowledged (${error instanceof Error ? error.message : String(error)}); retrying on the next connection`);
    return false;
  }
}

import type { MqttClient, MqttQos } from "../../ports/mqtt";

/**
 * What this boot knows the broker keeps for the node in its current MQTT session: the topic
 * filters acknowledged (SUBACK) since the broker last started a new session [MQTT 3.1.1 3.1.2.4].
 * A resumed persistent session keeps them, so they need no second SUBSCRIBE (a billed message).
 */
export interface BrokerSession {
  /** Every CONNACK: without `sessionPresent` the broker kept nothing from earlier connections. */
  connected(sessionPresent: boolean): void;
  /** True when the last CONNACK resumed a session. */
  resumed(): boolean;
  /** The broker holds `filter` for this node at this QoS or higher (acknowledged in this session). */
  holds(filter: string, qos: MqttQos): boolean;
  /**
   * Subscribe to the filters the session does not hold yet, all in one SUBSCRIBE; `wait` may bound
   * the SUBACK wait. Resolves true when a SUBSCRIBE went out and was acknowledged, false when none was needed.
   */
  subscribe(client: MqttClient, filters: string | readonly string[], qos: MqttQos, wait?: (work: Promise<void>) => Promise<void>): Promise<boolean>;
}

export function createBrokerSession(): BrokerSession {
  // filter -> granted QoS; RAM only: after a reboot nothing is known and everything is subscribed again
  const held = new Map<string, MqttQos>();
  let resumed = false;
  // a SUBACK only counts for the session that was current when its SUBSCRIBE went out
  let generation = 0;
  return {
    connected(sessionPresent) {
      generation++;
      resumed = sessionPresent;
      if (!sessionPresent) held.clear();
    },
    resumed: () => resumed,
    holds: (filter, qos) => (held.get(filter) ?? -1) >= qos,
    async subscribe(client, filters, qos, wait = (work) => work) {
      const missing = (typeof filters === "string" ? [filters] : filters).filter((filter) => (held.get(filter) ?? -1) < qos);
      if (missing.length === 0) return false;
      const mine = generation;
      await wait(client.subscribe(missing, qos));
      if (mine === generation) for (const filter of missing) held.set(filter, qos);
      return true;
    },
  };
}

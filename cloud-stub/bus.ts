/**
 * The seam between the cloud application (REST + MQTT rules) and the transport (broker).
 * The transport owns sockets, TLS and ACL; the application only sees these events and this publisher.
 */

/** Privileged publish from the cloud to devices (e.g. `node/<id>/params/remote`, `node/<id>/otaurl`). QoS 1, no retain [spec 3.1]. */
export interface CloudBus {
  /** Rejects with `OfflineQueueFullError` when the message could not be queued for an offline node. */
  publish(topic: string, payload: Uint8Array): Promise<void>;
}

/** A publish was not queued for offline node(s) whose queue of undelivered messages is full. */
export class OfflineQueueFullError extends Error {
  constructor(
    readonly nodeIds: readonly string[],
    readonly limit: number,
  ) {
    super(`node ${nodeIds.join(", ")} is offline with ${limit} undelivered messages queued; try again once it reconnects`);
    this.name = "OfflineQueueFullError";
  }
}

/** A message a device published, after the broker authenticated it. */
export interface MqttRuleEvent {
  /** Topic as published: plain `node/<id>/<suffix>` or `$aws/rules/<rule>/node/<id>/<suffix>` [spec 3.2]. */
  topic: string;
  payload: Uint8Array;
  /** Node id of the authenticated client (certificate CN / client id), not taken from the topic. */
  nodeId: string;
}

/** A device connected or disconnected (the stub's stand-in for AWS presence events [spec 3.1]). */
export interface ConnectivityEvent {
  nodeId: string;
  connected: boolean;
  /** Epoch milliseconds. */
  at: number;
}

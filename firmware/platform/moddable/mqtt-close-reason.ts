import type { MqttCloseReason } from "../../ports/mqtt";

const RefusedPattern = /server rejected mqtt request with code (\d+)/;

/** Where a connection got to before it closed. */
export interface CloseContext {
  tls: boolean;
  /** The server sent bytes (TLS handshake messages) before the failure. */
  peerAnswered: boolean;
  /** CONNACK accepted. */
  wasOpen: boolean;
}

/**
 * Maps the legacy client's failure text to a close reason. A socket error is a TLS failure only when
 * the server answered and the session never opened: a broker that is down or drops an open session is a
 * network failure, which the agent retries without counting it against the node's credentials.
 */
export function reasonOf(failure: string | undefined, context: CloseContext): MqttCloseReason {
  if (failure === undefined) return { type: "network", message: "connection closed by the peer" };
  const refused = RefusedPattern.exec(failure);
  if (refused) return { type: "refused", returnCode: Number(refused[1]) };
  if (context.tls && context.peerAnswered && !context.wasOpen && failure.startsWith("socket error")) return { type: "tls", message: failure };
  return { type: "network", message: failure || "connection failed" };
}

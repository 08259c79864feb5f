import { TopicDirection, isValidTopicId, parseTopic } from "../firmware/protocol/rainmaker/topics";

/** Who is on the other end of an MQTT connection, from its client certificate. */
export type BrokerIdentity =
  | { kind: "node"; nodeId: string }
  /** The stub's own client: may publish and subscribe anywhere (rules, `params/remote`, `otaurl`). */
  | { kind: "service"; name: string };

export type AclVerdict = { ok: true } | { ok: false; reason: string };

const allow: AclVerdict = Object.freeze({ ok: true });
const deny = (reason: string): AclVerdict => ({ ok: false, reason });

/**
 * A node may publish only node-to-cloud topics of its own id, plain `node/<id>/<suffix>` or
 * basic-ingest `$aws/rules/<rule>/node/<id>/<suffix>` with the suffix's own rule [spec 3.1, 3.2].
 */
export function checkPublish(identity: BrokerIdentity, topic: string): AclVerdict {
  if (identity.kind === "service") return allow;
  const parsed = parseTopic(topic);
  if (!parsed.ok) return deny(parsed.error);
  if (parsed.nodeId !== identity.nodeId) return deny(`topic belongs to node ${parsed.nodeId}`);
  if (parsed.direction !== TopicDirection.NodeToCloud) return deny(`${parsed.suffix} is a cloud-to-node topic`);
  return allow;
}

/**
 * A node may subscribe only under its own `node/<id>/` prefix; wildcards are allowed only after it
 * (subscriptions are always plain [spec 3.2]).
 */
export function checkSubscribe(identity: BrokerIdentity, filter: string): AclVerdict {
  if (identity.kind === "service") return allow;
  const levels = filter.split("/");
  if (levels[0] !== "node" || levels[1] !== identity.nodeId) return deny(`filter outside node/${identity.nodeId}/`);
  if (levels.length < 3 || levels.slice(2).some((l) => l.length === 0)) return deny("filter needs a non-empty suffix");
  const rest = levels.slice(2);
  const hashAt = rest.indexOf("#");
  if (hashAt >= 0 && hashAt !== rest.length - 1) return deny("# must be the last level");
  if (rest.some((l) => l.length > 1 && (l.includes("+") || l.includes("#")))) return deny("wildcard inside a level");
  return allow;
}

/**
 * The identity a client certificate CN stands for: the service CN, or a node id usable in topics
 * (the MQTT client id must equal it [spec 3.1]). Undefined for a CN that is neither.
 */
export function identityFromCommonName(commonName: string, serviceName: string, kind: "node" | "service"): BrokerIdentity | undefined {
  if (kind === "service") return commonName === serviceName ? { kind: "service", name: commonName } : undefined;
  return isValidTopicId(commonName) ? { kind: "node", nodeId: commonName } : undefined;
}

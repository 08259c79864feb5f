/**
 * MQTT topic strings of RainMaker [spec 3.2]: the one place in the project that builds or parses
 * a topic. Device publishes may use the AWS basic-ingest form `$aws/rules/<rule>/node/<id>/<suffix>`
 * (SDK default) or the plain form `node/<id>/<suffix>`; subscriptions are always plain.
 */

/** Topic suffixes after `node/<node_id>/` [spec 3.2]. */
export const TopicSuffix = Object.freeze({
  Config: "config",
  ParamsLocalInit: "params/local/init",
  ParamsLocal: "params/local",
  DirectParamsLocal: "direct/params/local",
  ParamsRemote: "params/remote",
  Alert: "alert",
  UserMapping: "user/mapping",
  OtaFetch: "otafetch",
  OtaUrl: "otaurl",
  OtaStatus: "otastatus",
  TsData: "tsdata",
  SimpleTsData: "simple_tsdata",
  ToNode: "to-node",
  FromNode: "from-node",
  DiagnosticsFromNode: "diagnostics/from-node",
} as const);
export type TopicSuffixString = (typeof TopicSuffix)[keyof typeof TopicSuffix];

export const TopicDirection = Object.freeze({
  NodeToCloud: "node-to-cloud",
  CloudToNode: "cloud-to-node",
} as const);
export type TopicDirectionString = (typeof TopicDirection)[keyof typeof TopicDirection];

/** Whether a suffix takes a trailing `/<group_id>` [spec 3.2, 9.6]. */
export const GroupUse = Object.freeze({
  None: "none",
  Optional: "optional",
  Required: "required",
} as const);
export type GroupUseString = (typeof GroupUse)[keyof typeof GroupUse];

export interface TopicInfo {
  readonly direction: TopicDirectionString;
  /** Basic-ingest rule name; absent when the topic is always plain. Group forms are always plain. */
  readonly rule?: string;
  readonly group: GroupUseString;
}

/** Suffix -> basic-ingest rule -> direction [spec 3.2 table]. */
export const Topics: Readonly<Record<TopicSuffixString, TopicInfo>> = Object.freeze({
  "config": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_node_config", group: GroupUse.None }),
  "params/local/init": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_init_params", group: GroupUse.None }),
  "params/local": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_set_params", group: GroupUse.Optional }),
  "direct/params/local": Object.freeze({ direction: TopicDirection.NodeToCloud, group: GroupUse.Required }),
  "params/remote": Object.freeze({ direction: TopicDirection.CloudToNode, group: GroupUse.Optional }),
  "alert": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_node_alert", group: GroupUse.None }),
  "user/mapping": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_user_node_mapping", group: GroupUse.None }),
  "otafetch": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_node_otafetch", group: GroupUse.None }),
  "otaurl": Object.freeze({ direction: TopicDirection.CloudToNode, group: GroupUse.None }),
  "otastatus": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_node_otastatus", group: GroupUse.None }),
  "tsdata": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_ts_ingest", group: GroupUse.None }),
  "simple_tsdata": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_simple_ts_ingest", group: GroupUse.None }),
  "to-node": Object.freeze({ direction: TopicDirection.CloudToNode, group: GroupUse.None }),
  "from-node": Object.freeze({ direction: TopicDirection.NodeToCloud, rule: "esp_cmd_resp", group: GroupUse.None }),
  "diagnostics/from-node": Object.freeze({ direction: TopicDirection.NodeToCloud, group: GroupUse.None }),
});

const NODE_PREFIX = "node/";
const INGEST_PREFIX = "$aws/rules/";

/**
 * Node and group ids: the AWS IoT thing-name alphabet `[a-zA-Z0-9:_-]`, 1..128 chars (the client
 * id is the node id [spec 3.1]). This excludes `/`, `+`, `#` and empty segments by construction.
 */
const ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;

/** True when `id` can be a node, group or stream id inside a topic. */
export function isValidTopicId(id: string): boolean {
  return ID_PATTERN.test(id);
}

function checkId(what: string, id: string): void {
  if (!ID_PATTERN.test(id)) throw new RangeError(`invalid ${what} ${JSON.stringify(id)} for an MQTT topic`);
}

export interface TopicOptions {
  /** Use `$aws/rules/<rule>/` when the suffix has a rule and no group id (SDK default: true) [spec 3.2]. */
  basicIngest?: boolean;
  /** Group id for `params/local/<gid>`, `params/remote/<gid>`, `direct/params/local/<gid>`. */
  groupId?: string;
}

/**
 * The topic for `suffix` of node `nodeId`. Throws `RangeError` on an invalid id or a group id on a
 * suffix that takes none (or none where one is required): these are programming errors.
 */
export function buildTopic(nodeId: string, suffix: TopicSuffixString, opts: TopicOptions = {}): string {
  checkId("node id", nodeId);
  const info = Topics[suffix];
  if (!info) throw new RangeError(`unknown topic suffix ${JSON.stringify(suffix)}`);
  if (opts.groupId !== undefined) {
    if (info.group === GroupUse.None) throw new RangeError(`topic ${suffix} takes no group id`);
    checkId("group id", opts.groupId);
    return `${NODE_PREFIX}${nodeId}/${suffix}/${opts.groupId}`;
  }
  if (info.group === GroupUse.Required) throw new RangeError(`topic ${suffix} needs a group id`);
  if (opts.basicIngest && info.rule) return `${INGEST_PREFIX}${info.rule}/${NODE_PREFIX}${nodeId}/${suffix}`;
  return `${NODE_PREFIX}${nodeId}/${suffix}`;
}

/** Plain `node/<id>/<suffix>[/<gid>]`: what a node subscribes to and the cloud publishes on. */
export function nodeTopic(nodeId: string, suffix: TopicSuffixString, groupId?: string): string {
  return buildTopic(nodeId, suffix, groupId === undefined ? {} : { groupId });
}

/** The topic a node publishes `suffix` on; basic-ingest unless `basicIngest` is false. */
export function publishTopic(nodeId: string, suffix: TopicSuffixString, basicIngest = true, groupId?: string): string {
  return buildTopic(nodeId, suffix, groupId === undefined ? { basicIngest } : { basicIngest, groupId });
}

/** Last-will topic of the Connectivity service: plain `params/local[/<gid>]` [spec 3.1 LWT]. */
export function lastWillTopic(nodeId: string, groupId?: string): string {
  return nodeTopic(nodeId, TopicSuffix.ParamsLocal, groupId);
}

/** AWS IoT lifecycle topics the cloud derives presence from [spec 3.1]. */
export function presenceTopic(nodeId: string, event: "connected" | "disconnected"): string {
  checkId("node id", nodeId);
  return `$aws/events/presence/${event}/${nodeId}`;
}

/** AWS IoT MQTT file-stream topics for OTA over MQTT [spec 3.2, 7]. */
export function otaStreamTopic(nodeId: string, streamId: string, kind: "get" | "data" | "rejected"): string {
  checkId("node id", nodeId);
  checkId("stream id", streamId);
  return `$aws/things/${nodeId}/streams/${streamId}/${kind}/cbor`;
}

/**
 * Subscription filters matching `suffix` from every node (cloud side): the plain form and, when the
 * suffix has a rule, the basic-ingest form. Group forms are matched by `groupTopicFilter`.
 */
export function topicFilters(suffix: TopicSuffixString): string[] {
  const info = Topics[suffix];
  const out: string[] = [];
  if (info.group !== GroupUse.Required) out.push(`${NODE_PREFIX}+/${suffix}`);
  if (info.rule) out.push(`${INGEST_PREFIX}${info.rule}/${NODE_PREFIX}+/${suffix}`);
  return out;
}

/** Filter for the group form of `suffix` from every node and group, e.g. `node/+/params/local/+`. */
export function groupTopicFilter(suffix: TopicSuffixString): string {
  if (Topics[suffix].group === GroupUse.None) throw new RangeError(`topic ${suffix} takes no group id`);
  return `${NODE_PREFIX}+/${suffix}/+`;
}

export interface ParsedTopic {
  ok: true;
  nodeId: string;
  suffix: TopicSuffixString;
  direction: TopicDirectionString;
  /** Present when the topic used the basic-ingest form. */
  rule?: string;
  groupId?: string;
}

export type ParseTopicResult = ParsedTopic | { ok: false; error: string };

function bad(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function matchSuffix(rest: string[]): { suffix: TopicSuffixString; groupId?: string } | string {
  const joined = rest.join("/");
  if (Object.prototype.hasOwnProperty.call(Topics, joined)) {
    const suffix = joined as TopicSuffixString;
    if (Topics[suffix].group === GroupUse.Required) return `topic ${suffix} needs a group id`;
    return { suffix };
  }
  if (rest.length >= 2) {
    const head = rest.slice(0, -1).join("/");
    const groupId = rest[rest.length - 1]!;
    if (Object.prototype.hasOwnProperty.call(Topics, head)) {
      const suffix = head as TopicSuffixString;
      if (Topics[suffix].group === GroupUse.None) return `topic ${suffix} takes no group id`;
      if (!ID_PATTERN.test(groupId)) return `invalid group id ${JSON.stringify(groupId)}`;
      return { suffix, groupId };
    }
  }
  return `unknown topic suffix ${JSON.stringify(joined)}`;
}

/**
 * Parses a RainMaker node topic in plain or basic-ingest form. Returns an error result for
 * wildcards, empty or invalid ids, unknown suffixes, a rule that is not the suffix's rule, a
 * basic-ingest group topic, and extra or missing segments. Never throws.
 * `params/local/init` is always the init suffix, never group "init" (the SDK has the same ambiguity).
 */
export function parseTopic(topic: string): ParseTopicResult {
  if (typeof topic !== "string" || topic.length === 0) return bad("empty topic");
  if (topic.indexOf("+") >= 0 || topic.indexOf("#") >= 0) return bad("wildcards are not allowed in a topic name");
  if (topic.indexOf("\u0000") >= 0) return bad("NUL in topic");
  const segs = topic.split("/");
  let rule: string | undefined;
  let i = 0;
  if (segs[0] === "$aws") {
    if (segs[1] !== "rules" || segs.length < 3) return bad("not a basic-ingest rule topic");
    rule = segs[2]!;
    if (rule.length === 0) return bad("empty rule name");
    i = 3;
  }
  if (segs[i] !== "node") return bad(`topic must start with "node/" or "$aws/rules/<rule>/node/"`);
  const nodeId = segs[i + 1];
  if (nodeId === undefined || nodeId.length === 0) return bad("empty node id");
  if (!ID_PATTERN.test(nodeId)) return bad(`invalid node id ${JSON.stringify(nodeId)}`);
  const rest = segs.slice(i + 2);
  if (rest.length === 0) return bad("missing topic suffix");
  if (rest.some((s) => s.length === 0)) return bad("empty topic segment");
  const m = matchSuffix(rest);
  if (typeof m === "string") return bad(m);
  const info = Topics[m.suffix];
  const result: ParsedTopic = { ok: true, nodeId, suffix: m.suffix, direction: info.direction };
  if (rule !== undefined) {
    if (m.groupId !== undefined) return bad("group topics have no basic-ingest form");
    if (info.rule === undefined) return bad(`topic ${m.suffix} has no basic-ingest rule`);
    if (info.rule !== rule) return bad(`rule ${rule} does not match suffix ${m.suffix} (expected ${info.rule})`);
    result.rule = rule;
  }
  if (m.groupId !== undefined) result.groupId = m.groupId;
  return result;
}

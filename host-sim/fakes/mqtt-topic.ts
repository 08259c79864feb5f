import { MQTT_LIMITS } from "../../firmware/protocol/limits";

/** True when an MQTT topic filter (with `+` and `#`) matches a topic name (MQTT 3.1.1 4.7). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    // "#" also matches the parent level ("a/#" matches "a"); earlier levels already matched
    if (f[i] === "#") return !(i === 0 && topic.startsWith("$"));
    if (i >= t.length) return false;
    if (f[i] === "+") {
      if (i === 0 && topic.startsWith("$")) return false;
      continue;
    }
    if (f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Why a topic filter is invalid, or undefined when it is valid (MQTT 3.1.1 4.7.1). */
export function filterProblem(filter: string): string | undefined {
  if (typeof filter !== "string" || filter.length === 0) return "topic filter must be a non-empty string";
  const levels = filter.split("/");
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1)) return `"#" must be the whole last level: ${filter}`;
    if (level.includes("+") && level !== "+") return `"+" must be a whole level: ${filter}`;
  }
  return undefined;
}

/** Why a topic name is invalid for PUBLISH, or undefined. */
export function topicProblem(topic: string): string | undefined {
  if (typeof topic !== "string" || topic.length === 0) return "topic must be a non-empty string";
  if (topic.includes("+") || topic.includes("#")) return `wildcards are not allowed in a topic name: ${topic}`;
  return undefined;
}

/**
 * The filters of one SUBSCRIBE, duplicates dropped, or why it is refused whole: an empty list, a
 * malformed filter, or new filters that would pass the device's limit [MQTT 3.1.1 3.8.3].
 */
export function subscribeFilters(filters: string | readonly string[], held: (filter: string) => boolean, heldCount: number): { filters: string[] } | { problem: string } {
  const list = typeof filters === "string" ? [filters] : [...new Set(filters)];
  if (list.length === 0) return { problem: "SUBSCRIBE needs at least one topic filter" };
  for (const filter of list) {
    const problem = filterProblem(filter);
    if (problem) return { problem };
  }
  if (heldCount + list.filter((filter) => !held(filter)).length > MQTT_LIMITS.maxSubscriptions) {
    return { problem: `subscription limit: at most ${MQTT_LIMITS.maxSubscriptions} topic filters` };
  }
  return { filters: list };
}

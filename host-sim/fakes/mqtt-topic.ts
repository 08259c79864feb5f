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

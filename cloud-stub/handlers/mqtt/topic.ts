/** Splits a device topic into node id and suffix [spec 3.2]: `node/<id>/<suffix>` or `$aws/rules/<rule>/node/<id>/<suffix>`. */
export interface NodeTopic {
  nodeId: string;
  suffix: string;
}

export function splitNodeTopic(topic: string): NodeTopic | null {
  const parts = topic.split("/");
  const start = parts[0] === "$aws" && parts[1] === "rules" && parts.length > 3 ? 3 : 0;
  if (parts[start] !== "node" || parts.length < start + 3) return null;
  const nodeId = parts[start + 1]!;
  const suffix = parts.slice(start + 2).join("/");
  if (nodeId === "" || suffix === "" || parts.slice(start + 2).some((p) => p === "")) return null;
  return { nodeId, suffix };
}

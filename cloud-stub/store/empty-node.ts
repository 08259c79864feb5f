/** A node row as first seen: no config, empty shadow, offline since `now`. */
import type { NodeRecord } from "./store";

export function emptyNode(nodeId: string, now: number): NodeRecord {
  return {
    nodeId,
    config: null,
    configVersion: null,
    params: {},
    connectivity: { connected: false, timestamp: now },
    fwVersion: null,
    type: null,
    model: null,
    tags: [],
    metadata: {},
    certificatePem: null,
    createdAt: now,
  };
}

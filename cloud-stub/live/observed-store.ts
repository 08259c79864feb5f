/**
 * Wraps a store so that the writes dashboards care about also emit a `LiveEvent` after they succeed.
 * Every other member passes through untouched, so MQTT rules and REST handlers need no change.
 */
import type { CloudStore } from "../store/store";
import type { CloudEvents } from "./events";

export function observeStore<S extends CloudStore>(store: S, events: CloudEvents): S {
  const hooks: Partial<CloudStore> = {
    replaceParams(nodeId, params, now) {
      store.replaceParams(nodeId, params, now);
      events.emit({ kind: "params", nodeId, params, full: true, at: now });
    },
    mergeParams(nodeId, delta, now) {
      const merged = store.mergeParams(nodeId, delta, now);
      events.emit({ kind: "params", nodeId, params: delta, full: false, at: now });
      return merged;
    },
    setConnectivity(nodeId, connectivity) {
      store.setConnectivity(nodeId, connectivity);
      events.emit({ kind: "connectivity", nodeId, connected: connectivity.connected, at: connectivity.timestamp });
    },
    setNodeConfig(nodeId, update, now) {
      store.setNodeConfig(nodeId, update, now);
      events.emit({ kind: "config", nodeId, fwVersion: update.fwVersion, at: now });
    },
    createOtaJob(job, nodeIds) {
      store.createOtaJob(job, nodeIds);
      for (const nodeId of new Set(nodeIds)) events.emit({ kind: "ota", nodeId, jobId: job.jobId, status: "pending", info: "", at: job.createdAt });
    },
    setOtaJobNodeStatus(jobId, nodeId, status, info, now) {
      store.setOtaJobNodeStatus(jobId, nodeId, status, info, now);
      events.emit({ kind: "ota", nodeId, jobId, status, info, at: now });
    },
  };
  return new Proxy(store, {
    get(target, key) {
      if (typeof key === "string" && Object.hasOwn(hooks, key)) return hooks[key as keyof CloudStore];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

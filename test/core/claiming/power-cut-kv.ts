import type { KvPort } from "../../../firmware/ports/kv";

/** A KvPort over `inner` whose writes (set/delete) fail from the `(cutAfter+1)`-th on, as a power cut would. */
export function powerCutKv(inner: KvPort, cutAfter: number): KvPort & { writes(): number; cut(): boolean } {
  let writes = 0;
  const write = (op: () => void): void => {
    if (writes >= cutAfter) throw new Error(`power cut before write ${writes + 1}`);
    writes++;
    op();
  };
  return {
    get: (ns, k) => inner.get(ns, k),
    keys: (ns) => inner.keys(ns),
    set: (ns, k, v) => write(() => inner.set(ns, k, v)),
    delete: (ns, k) => write(() => inner.delete(ns, k)),
    writes: () => writes,
    cut: () => writes >= cutAfter,
  };
}

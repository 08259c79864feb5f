/**
 * What the live channel streams to dashboards: every write of the params shadow, connectivity, node
 * config and OTA job status, as it lands in the store. One emitter per app (in `AppDeps.live`).
 */
import type { ParamsDocument } from "../../firmware/protocol/rainmaker/description";

export type LiveEvent =
  /** `full`: the whole shadow (`params/local/init`); otherwise the delta a node reported (`params/local`) [spec 2.1]. */
  | { kind: "params"; nodeId: string; params: ParamsDocument; full: boolean; at: number }
  | { kind: "connectivity"; nodeId: string; connected: boolean; at: number }
  | { kind: "config"; nodeId: string; fwVersion: string | null; at: number }
  | { kind: "ota"; nodeId: string; jobId: string; status: string; info: string; at: number };

export type LiveListener = (event: LiveEvent) => void;

export interface LiveErrorSink {
  error(msg: string, fields?: Record<string, unknown>): void;
}

export class CloudEvents {
  private readonly listeners = new Set<LiveListener>();

  constructor(private readonly log: LiveErrorSink) {}

  /** Returns the function that removes the listener. */
  on(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** A throwing listener is logged and skipped: the store write that caused the event already happened. */
  emit(event: LiveEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log.error("live listener failed", { kind: event.kind, nodeId: event.nodeId, error: String(err) });
      }
    }
  }
}

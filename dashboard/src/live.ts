/** The live channel: Server-Sent Events from `GET /v1/user/events` (reconnects on its own). */
export type LiveMessage =
  | { kind: "params"; nodeId: string; params: Record<string, Record<string, unknown>>; full: boolean; at: number }
  | { kind: "connectivity"; nodeId: string; connected: boolean; at: number }
  | { kind: "config"; nodeId: string; fwVersion: string | null; at: number }
  | { kind: "ota"; nodeId: string; jobId: string; status: string; info: string; at: number };

export type LiveState = "connecting" | "live" | "down";

const Kinds = ["params", "connectivity", "config", "ota"] as const;

export class LiveClient {
  private source: EventSource | null = null;
  private readonly listeners = new Set<(msg: LiveMessage) => void>();

  constructor(private readonly onState: (state: LiveState) => void) {}

  open(token: string): void {
    this.close();
    const source = new EventSource(`/v1/user/events?token=${encodeURIComponent(token)}`);
    this.source = source;
    this.onState("connecting");
    source.addEventListener("hello", () => this.onState("live"));
    source.addEventListener("error", () => this.onState(source.readyState === EventSource.CLOSED ? "down" : "connecting"));
    for (const kind of Kinds) {
      source.addEventListener(kind, (ev) => {
        let msg: LiveMessage;
        try {
          msg = JSON.parse((ev as MessageEvent<string>).data) as LiveMessage;
        } catch {
          return;
        }
        for (const listener of [...this.listeners]) listener(msg);
      });
    }
  }

  close(): void {
    this.source?.close();
    this.source = null;
  }

  subscribe(listener: (msg: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Session expiry: the persistent session (subscriptions and queued messages) of a client that has been
 * offline longer than `expiryMs` is removed by a periodic sweep, so a node that never returns does not
 * hold broker memory for ever (AWS IoT expires persistent sessions after 1 hour by default). A node that
 * reconnects after that gets sessionPresent false and subscribes again.
 */
import type { CloudLog } from "./deps";

export interface SessionExpiryOptions {
  expiryMs: number;
  /** Sweep period; a session goes at most this long after its expiry. */
  sweepMs: number;
  now: () => number;
  log: CloudLog;
  isOnline(clientId: string): boolean;
  dropSession(clientId: string): Promise<void>;
}

export class SessionExpiry {
  readonly #options: SessionExpiryOptions;
  /** Clients with a persistent session -> when their last connection ended (epoch ms). */
  readonly #offlineSince = new Map<string, number>();
  readonly #timer: ReturnType<typeof setInterval>;
  #sweeping = false;

  constructor(options: SessionExpiryOptions) {
    for (const key of ["expiryMs", "sweepMs"] as const) {
      if (!Number.isFinite(options[key]) || options[key] <= 0) throw new RangeError(`${key} must be a positive number of milliseconds, got ${options[key]}`);
    }
    this.#options = options;
    this.#timer = setInterval(() => void this.sweep(), options.sweepMs);
    this.#timer.unref();
  }

  /** A connection ended; only persistent sessions (cleanSession false) outlive it. */
  disconnected(client: { readonly id: string; readonly clean: boolean }): void {
    if (!client.clean) this.#offlineSince.set(client.id, this.#options.now());
  }

  connected(clientId: string): void {
    this.#offlineSince.delete(clientId);
  }

  /** Clients whose session is waiting to expire. */
  pending(): string[] {
    return [...this.#offlineSince.keys()];
  }

  /** Removes every session offline for `expiryMs` or longer. */
  async sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    const { expiryMs, now, log } = this.#options;
    try {
      for (const [clientId, since] of this.#offlineSince) {
        const offlineMs = now() - since;
        if (offlineMs < expiryMs) continue;
        this.#offlineSince.delete(clientId);
        if (this.#options.isOnline(clientId)) continue;
        try {
          await this.#options.dropSession(clientId);
          log.info(`session of ${clientId} expired after ${Math.round(offlineMs / 1000)} s offline`, { clientId, offlineMs });
        } catch (error) {
          log.error(`session of ${clientId} could not be removed`, { clientId, error: String(error) });
        }
      }
    } finally {
      this.#sweeping = false;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Capped exponential backoff with jitter for reconnects (MQTT, Wi-Fi). */

export const BackoffDefaults = Object.freeze({
  /** First retry after 0.5..1 s. */
  initialMs: 1_000,
  /** Never wait longer than 2 min (the MQTT keep-alive [spec 3.1]). */
  maxMs: 120_000,
});

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Uniform random in [0, 1); the agent feeds it from the crypto port. */
  random: () => number;
}

export interface Backoff {
  /** Delay before the next attempt: `cap/2 + random*cap/2` with `cap = min(max, initial*2^n)`. */
  next(): number;
  /** Back to the first delay (after a success). */
  reset(): void;
  /** Attempts since the last reset. */
  attempts(): number;
}

/** "Equal jitter": never less than half the capped step, so retries cannot collapse to a busy loop. */
export function createBackoff(options: BackoffOptions): Backoff {
  const initialMs = options.initialMs ?? BackoffDefaults.initialMs;
  const maxMs = options.maxMs ?? BackoffDefaults.maxMs;
  if (!(initialMs > 0) || !(maxMs >= initialMs)) throw new RangeError(`backoff needs 0 < initialMs <= maxMs, got ${initialMs}, ${maxMs}`);
  let n = 0;
  return {
    next() {
      const cap = Math.min(maxMs, initialMs * Math.pow(2, Math.min(n, 30)));
      n++;
      const r = Math.min(Math.max(options.random(), 0), 1);
      return Math.round(cap / 2 + (r * cap) / 2);
    },
    reset() {
      n = 0;
    },
    attempts: () => n,
  };
}

/** A [0, 1) random source from crypto random bytes. */
export function randomUnit(random: (length: number) => Uint8Array): () => number {
  return () => {
    const b = random(4);
    return (((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!) / 4294967296;
  };
}

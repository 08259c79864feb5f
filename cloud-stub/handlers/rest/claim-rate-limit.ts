/** Fixed-size sliding-window counter per key (claim attempts per MAC and per client address). */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Keys tracked at most; the oldest are forgotten first (bounds memory under a flood of keys). */
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one attempt for `key`; returns the ms to wait when over the limit, else 0. */
  hit(key: string, now: number): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return recent[0]! + this.windowMs - now;
    }
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }
}

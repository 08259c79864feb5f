/** Publish-to-rule latency: publishers stamp `"t":<epoch ms>` into the payload, the rule side subtracts. */

/** Wall-clock epoch milliseconds with sub-millisecond resolution, comparable across processes on one host. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

const STAMP = /"t":(\d+(?:\.\d+)?)/;

export interface LatencySummary { count: number; p50: number; p99: number; max: number }

export class LatencySamples {
  private samples: number[] = [];

  /** Records the latency of one received payload; payloads without a stamp are ignored. */
  record(payload: Uint8Array): void {
    const m = STAMP.exec(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("latin1"));
    if (m) this.samples.push(epochMs() - Number(m[1]));
  }

  reset(): void {
    this.samples = [];
  }

  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
  }
}

/** A QoS 1 params/local body as a device sends it, stamped for latency. */
export function stampedParams(sequence: number): string {
  return `{"Switch":{"Power":${sequence % 2 === 0}},"t":${epochMs()}}`;
}

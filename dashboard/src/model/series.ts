/** Recent values of a time-series param [spec 2.4] and their sparkline as SVG polyline points. */
export interface Sample {
  t: number;
  v: number;
}

export const SeriesLimit = 60;

export function pushSample(series: Sample[], sample: Sample, limit: number = SeriesLimit): Sample[] {
  if (!Number.isFinite(sample.v) || !Number.isFinite(sample.t)) return series;
  const next = [...series, sample];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** `points` attribute of a polyline filling width x height (1 px inset); "" for no samples. */
export function sparklinePoints(series: readonly Sample[], width: number, height: number): string {
  if (series.length === 0) return "";
  const ts = series.map((s) => s.t);
  const vs = series.map((s) => s.v);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const v0 = Math.min(...vs);
  const v1 = Math.max(...vs);
  const x = (t: number) => (t1 === t0 ? width / 2 : 1 + ((t - t0) / (t1 - t0)) * (width - 2));
  const y = (v: number) => (v1 === v0 ? height / 2 : height - 1 - ((v - v0) / (v1 - v0)) * (height - 2));
  return series.map((s) => `${x(s.t).toFixed(1)},${y(s.v).toFixed(1)}`).join(" ");
}

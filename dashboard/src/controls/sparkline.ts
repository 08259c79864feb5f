/** Inline SVG chart of the values seen since the page opened [spec 2.4 time_series]. */
import { h, svg, formatValue } from "../dom";
import { pushSample, sparklinePoints } from "../model/series";
import type { Sample } from "../model/series";

const Size = Object.freeze({ width: 160, height: 36 });

export class Sparkline {
  readonly element: HTMLElement;
  private series: Sample[] = [];
  private readonly line: SVGPolylineElement;
  private readonly caption: HTMLElement;

  constructor(label: string) {
    const chart = svg("svg", { width: Size.width, height: Size.height, viewBox: `0 0 ${Size.width} ${Size.height}`, role: "img", "aria-label": label });
    this.line = svg("polyline", { fill: "none", stroke: "currentColor", "stroke-width": 1.5, points: "" });
    chart.appendChild(this.line);
    this.caption = h("span", { class: "chart-caption" }, "no samples yet");
    this.element = h("figure", { class: "sparkline" }, chart, this.caption);
  }

  push(value: unknown, at: number): void {
    if (typeof value !== "number") return;
    this.series = pushSample(this.series, { t: at, v: value });
    this.line.setAttribute("points", sparklinePoints(this.series, Size.width, Size.height));
    const vs = this.series.map((s) => s.v);
    this.caption.textContent = `${this.series.length} sample${this.series.length === 1 ? "" : "s"}, min ${formatValue(Math.min(...vs))}, max ${formatValue(Math.max(...vs))}`;
    this.element.dataset.samples = String(this.series.length);
  }
}

/**
 * How benches print their results: one `figure:` line per measured value, which bench/run-all.ts
 * collects into its summary table. A target is shown next to the value, never enforced.
 */

export interface Figure {
  label: string;
  value: number;
  unit: string;
  /** Upper bound the project aims for (printed as "target <= x"); informational only. */
  target?: number;
}

const FIGURE_LINE = /^figure: (.+?) = (-?[\d.]+) (\S+)(?: \(target <= (-?[\d.]+) \S+\))?$/;

export function formatFigure(f: Figure): string {
  const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
  return `figure: ${f.label} = ${value} ${f.unit}${f.target === undefined ? "" : ` (target <= ${f.target} ${f.unit})`}`;
}

/** Prints one figure line to stdout. */
export function printFigure(f: Figure): void {
  process.stdout.write(`${formatFigure(f)}\n`);
}

/** Reads the figure lines out of a bench's output. */
export function parseFigures(output: string): Figure[] {
  const figures: Figure[] = [];
  for (const line of output.split("\n")) {
    const m = FIGURE_LINE.exec(line.trim());
    if (!m) continue;
    const f: Figure = { label: m[1]!, value: Number(m[2]), unit: m[3]! };
    if (m[4] !== undefined) f.target = Number(m[4]);
    figures.push(f);
  }
  return figures;
}

/**
 * Orders firmware version strings the way people write them: dot-separated parts, numeric parts by
 * value, others as text; a `-suffix` (pre-release) sorts before the same version without it.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitPre(a);
  const [coreB, preB] = splitPre(b);
  const byCore = compareParts(coreA.split("."), coreB.split("."));
  if (byCore !== 0) return byCore;
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  return compareParts(preA.split("."), preB.split("."));
}

function splitPre(v: string): [string, string | undefined] {
  const trimmed = v.trim().replace(/^v/i, "").replace(/\+.*$/, "");
  const dash = trimmed.indexOf("-");
  return dash < 0 ? [trimmed, undefined] : [trimmed.slice(0, dash), trimmed.slice(dash + 1)];
}

const NUMERIC = /^\d+$/;

function compareParts(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? "0";
    const y = b[i] ?? "0";
    if (x === y) continue;
    if (NUMERIC.test(x) && NUMERIC.test(y)) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      continue;
    }
    if (NUMERIC.test(x) !== NUMERIC.test(y)) return NUMERIC.test(x) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Percentile of an already sorted array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Prints one figure against its budget and returns whether it is within. */
export function report(name: string, value: number, unit: string, budget: number): boolean {
  const ok = value <= budget;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${value.toFixed(2)} ${unit} (budget ${budget} ${unit})`);
  return ok;
}

/** Ascending copy. */
export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const s = ascending(values);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface RatioEstimate {
  /** median(test) / median(baseline) */
  ratio: number;
  low: number;
  high: number;
}

/**
 * Ratio of medians, test over baseline, with a percentile-bootstrap interval: both samples are
 * resampled independently `iterations` times and the ratio's (1-level)/2 and (1+level)/2
 * quantiles are the interval. Good enough for "is 1.05× inside or outside the noise"; the
 * bounds move a little from run to run (Math.random), the ratio itself does not.
 */
export function medianRatio(
  baseline: readonly number[],
  test: readonly number[],
  { iterations = 2000, level = 0.95, random = Math.random }: { iterations?: number; level?: number; random?: () => number } = {},
): RatioEstimate {
  const ratio = median(test) / median(baseline);
  if (!baseline.length || !test.length) return { ratio, low: NaN, high: NaN };
  const resample = (values: readonly number[]) => median(Array.from(values, () => values[Math.floor(random() * values.length)]!));
  const ratios = Array.from({ length: iterations }, () => resample(test) / resample(baseline)).sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { ratio, low: percentile(ratios, tail * 100), high: percentile(ratios, (1 - tail) * 100) };
}

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

import { describe, expect, it } from 'vitest';
import { median, medianRatio, percentile } from '../../../bench/stats';

describe('bench statistics', () => {
  it('median of odd and even counts, percentile by nearest rank', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('the median ratio interval holds the true ratio for shifted samples and excludes 1 when they clearly differ', () => {
    // A fixed, spread-out sample (no randomness in the data, only in the resampling).
    const base = Array.from({ length: 60 }, (_, i) => 100 + ((i * 37) % 60) / 3);
    const slower = base.map((v) => v * 1.5);
    const { ratio, low, high } = medianRatio(base, slower);
    expect(ratio).toBeCloseTo(1.5, 5);
    expect(low).toBeLessThan(1.5);
    expect(high).toBeGreaterThan(1.5);
    expect(low).toBeGreaterThan(1.2);
    const same = medianRatio(base, [...base].reverse());
    expect(same.low).toBeLessThanOrEqual(1);
    expect(same.high).toBeGreaterThanOrEqual(1);
  });
});

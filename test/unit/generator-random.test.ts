import { describe, expect, it } from 'vitest';
import {
  addMonths,
  fromEpochDay,
  nextRenewal,
  toEpochDay,
  weekdayOf,
} from '../../lambdas/local/generator/dates';
import { deriveSeed, Random } from '../../lambdas/local/generator/random';

describe('seeded random numbers', () => {
  it('repeats exactly for the same seed parts and differs for others', () => {
    const draw = (...seed: number[]) => {
      const rng = new Random(...seed);
      return Array.from({ length: 8 }, () => rng.next());
    };
    expect(draw(42, 1, 7)).toEqual(draw(42, 1, 7));
    expect(draw(42, 1, 7)).not.toEqual(draw(42, 1, 8));
    expect(draw(42, 1, 7)).not.toEqual(draw(42, 7, 1));
    expect(deriveSeed(2 ** 40)).not.toBe(deriveSeed(0));
  });

  it('stays in range and has the documented means', () => {
    const rng = new Random(1);
    const n = 20_000;
    let sum = 0;
    let poissonSmall = 0;
    let poissonLarge = 0;
    let noise = 0;
    let min = 1;
    let max = 0;
    const ints = new Set<number>();
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      ints.add(rng.int(3, 5));
      sum += u;
      poissonSmall += rng.poisson(2.5);
      poissonLarge += rng.poisson(400);
      noise += rng.noise(0.3);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect([...ints].sort()).toEqual([3, 4, 5]);
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(poissonSmall / n).toBeCloseTo(2.5, 1);
    expect(poissonLarge / n / 400).toBeCloseTo(1, 2);
    expect(noise / n).toBeCloseTo(1, 1);
    expect(rng.poisson(0)).toBe(0);
    expect(rng.int(5, 5)).toBe(5);
  });

  it('picks by weight and refuses empty lists', () => {
    const rng = new Random(2);
    const picks = Array.from({ length: 5000 }, () =>
      rng.weighted([
        ['a', 9],
        ['b', 1],
      ] as const),
    );
    expect(picks.filter((p) => p === 'b').length / picks.length).toBeCloseTo(0.1, 1);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});

describe('generator day arithmetic', () => {
  it('converts calendar dates to epoch days and back, and knows the weekday', () => {
    expect(fromEpochDay(toEpochDay('2026-11-22'))).toBe('2026-11-22');
    expect(weekdayOf(toEpochDay('2026-11-22'))).toBe(6); // a Sunday
    expect(weekdayOf(toEpochDay('2026-11-23'))).toBe(0);
    expect(weekdayOf(toEpochDay('1969-12-29'))).toBe(0); // before the epoch
  });

  it('renews monthly and yearly on the signup anniversary, clamped to month ends', () => {
    const jan31 = toEpochDay('2026-01-31');
    expect(fromEpochDay(addMonths(jan31, 1))).toBe('2026-02-28');
    expect(fromEpochDay(addMonths(jan31, 2))).toBe('2026-03-31');
    expect(fromEpochDay(nextRenewal(jan31, 1, toEpochDay('2026-03-01')))).toBe('2026-03-31');
    expect(fromEpochDay(nextRenewal(jan31, 1, toEpochDay('2026-03-31')))).toBe('2026-03-31');
    const leap = toEpochDay('2024-02-29');
    expect(fromEpochDay(nextRenewal(leap, 12, toEpochDay('2026-01-01')))).toBe('2026-02-28');
    expect(fromEpochDay(nextRenewal(leap, 12, toEpochDay('2028-02-29')))).toBe('2028-02-29');
    // Never the signup day itself: the first renewal is one term later.
    expect(fromEpochDay(nextRenewal(leap, 12, leap))).toBe('2025-02-28');
  });
});

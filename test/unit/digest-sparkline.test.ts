import { describe, expect, it } from 'vitest';
import { scoreRange, sparkline } from '../../lambdas/domain/digest/sparkline';

describe('sparkline', () => {
  it('draws the lowest value as ▁, the highest as █ and the rest in between', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([80, 78, 75, 70, 58])).toBe('█▇▆▅▁');
  });

  it('draws a flat series at mid height, nothing as nothing, and a missing value as a gap', () => {
    expect(sparkline([50, 50, 50])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
    expect(sparkline([10, Number.NaN, 20])).toBe('▁ █');
    expect(sparkline([Number.NaN])).toBe(' ');
  });

  it('scales to a given range and clamps values outside it', () => {
    expect(sparkline([0, 50, 100], { min: 0, max: 100 })).toBe('▁▅█');
    expect(sparkline([-10, 110], { min: 0, max: 100 })).toBe('▁█');
    // A two-point wobble drawn in a 20-point range stays a wobble.
    expect(sparkline([60, 59, 58], scoreRange([60, 59, 58], 20))).toBe('▅▅▄');
  });
});

describe('scoreRange', () => {
  it('is the values own range when wider than the minimum span', () => {
    expect(scoreRange([80, 40, 58], 20)).toEqual({ min: 40, max: 80 });
  });

  it('widens a narrow range around its centre, inside 0-100', () => {
    expect(scoreRange([58, 62], 20)).toEqual({ min: 50, max: 70 });
    expect(scoreRange([2, 4], 20)).toEqual({ min: 0, max: 20 });
    expect(scoreRange([99, 100], 20)).toEqual({ min: 80, max: 100 });
    expect(scoreRange([], 20)).toEqual({ min: 0, max: 100 });
  });
});
